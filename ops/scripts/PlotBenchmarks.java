import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Plots the load generator's reports: forwarded packets per second (x) against the CPU cores the node used (y), one
 * point per report, labelled with its participant count, with a least-squares line over the points below
 * saturation (the node's rest load plus the marginal CPU cost of one forwarded packet). A single-file program of the
 * JDK, no dependencies:
 *
 *   java ops/scripts/PlotBenchmarks.java docs/benchmarks/pps-vs-cpu.png docs/benchmarks/grid-{5,10,15,20,25}.json
 *
 * Reads only what it plots (the numbers under "server" and "settings"), with a regular expression, so it needs no
 * JSON library.
 */
public class PlotBenchmarks {
    record Point(double pps, double cores, String label) {
    }

    /** A point at or above this many cores is the node at its limit (one core here): left out of the fit. */
    static final double SATURATED = 0.95;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java PlotBenchmarks.java out.png report.json...");
            System.exit(2);
        }
        List<Point> points = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String json = Files.readString(Path.of(args[i]));
            double pps = number(json, "forwardedPps");
            double cores = number(json, "cpuCores");
            double n = number(json, "participants");
            if (Double.isNaN(pps) || Double.isNaN(cores)) {
                System.err.println("skipped (no server figures): " + args[i]);
                continue;
            }
            points.add(new Point(pps, cores, Double.isNaN(n) ? "" : "N=" + (int) n));
        }
        draw(points, new File(args[0]));
    }

    /** The first number after "key": in the text (the report's own key names are unique enough for this). */
    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(-?[0-9.eE+]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static void draw(List<Point> points, File out) throws Exception {
        int w = 900;
        int h = 600;
        int left = 90;
        int right = 40;
        int top = 60;
        int bottom = 80;
        double maxX = 1;
        double maxY = 1.0;
        for (Point p : points) {
            maxX = Math.max(maxX, p.pps);
            maxY = Math.max(maxY, p.cores);
        }
        maxX = niceCeil(maxX * 1.1);
        maxY = Math.ceil(maxY * 1.15 * 10) / 10;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Chorus node: forwarded packets/s vs CPU (load generator, grid scenario)", left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int plotW = w - left - right;
        int plotH = h - top - bottom;
        g.drawRect(left, top, plotW, plotH);
        for (int i = 0; i <= 5; i++) {
            double x = maxX * i / 5;
            int px = left + (int) (plotW * i / 5.0);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(px, top, px, top + plotH);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.0fk", x / 1000), px - 12, top + plotH + 18);
            double y = maxY * i / 5;
            int py = top + plotH - (int) (plotH * i / 5.0);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, py, left + plotW, py);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.2f", y), left - 40, py + 4);
        }
        g.drawString("forwarded packets per second (server's chorus_media_forwarded_packets_total)", left + 120, h - 30);
        g.rotate(-Math.PI / 2);
        g.drawString("CPU cores busy (process_cpu_seconds_total)", -(top + plotH / 2 + 130), 30);
        g.rotate(Math.PI / 2);
        // least squares with an intercept over the points below saturation: cores = a + b * pps (a: what the
        // node burns whatever the load: timers, cluster gossip, GC; b: the marginal cost of a forwarded packet)
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxy = 0;
        double sxx = 0;
        for (Point p : points) {
            if (p.cores < SATURATED) {
                n++;
                sx += p.pps;
                sy += p.cores;
                sxy += p.pps * p.cores;
                sxx += p.pps * p.pps;
            }
        }
        double det = n * sxx - sx * sx;
        if (n >= 2 && det > 0) {
            double b = (n * sxy - sx * sy) / det;
            double a = (sy - b * sx) / n;
            g.setColor(new Color(200, 80, 80));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            double endX = Math.min(maxX, (maxY - a) / b);
            g.drawLine(left, top + plotH - (int) (plotH * a / maxY), left + (int) (plotW * endX / maxX),
                    top + plotH - (int) (plotH * (a + b * endX) / maxY));
            g.drawString(String.format("fit below saturation: %.2f cores at rest + %.1f µs per forwarded packet"
                    + " (%.0fk packets/s per core beyond the rest load)", a, b * 1e6, 1 / b / 1000), left + 10, top + 20);
        }
        g.setStroke(new BasicStroke(1));
        for (Point p : points) {
            int px = left + (int) (plotW * p.pps / maxX);
            int py = top + plotH - (int) (plotH * p.cores / maxY);
            g.setColor(p.cores < SATURATED ? new Color(40, 90, 200) : new Color(220, 120, 30));
            g.fillOval(px - 5, py - 5, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(p.label + (p.cores < SATURATED ? "" : " (saturated)"), px + 8, py - 6);
        }
        g.dispose();
        ImageIO.write(img, "png", out);
        System.out.println("wrote " + out + " (" + points.size() + " points)");
    }

    static double niceCeil(double v) {
        double step = Math.pow(10, Math.floor(Math.log10(v)));
        return Math.ceil(v / step) * step;
    }
}
