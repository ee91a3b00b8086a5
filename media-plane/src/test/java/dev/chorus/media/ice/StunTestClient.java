package dev.chorus.media.ice;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test-side ICE client: encodes Binding requests the way a controlling browser does (USERNAME, PRIORITY,
 * ICE-CONTROLLING, USE-CANDIDATE, NOMINATION, MESSAGE-INTEGRITY, FINGERPRINT) with its own encoder (independent
 * of {@link Stun}), sends them over a real UDP socket or an RFC 4571-framed TCP connection and decodes the
 * answers. Reusable by transport loopback tests.
 */
public final class StunTestClient implements AutoCloseable {
    private static final SecureRandom RND = new SecureRandom();

    private final DatagramSocket udp;
    private final Socket tcp;
    private final InetSocketAddress server;

    private StunTestClient(DatagramSocket udp, Socket tcp, InetSocketAddress server) {
        this.udp = udp;
        this.tcp = tcp;
        this.server = server;
    }

    /** A UDP client on 127.0.0.1, ephemeral port. */
    public static StunTestClient udp(InetSocketAddress server) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new StunTestClient(s, null, server);
    }

    /** A TCP client connected to {@code server}. */
    public static StunTestClient tcp(InetSocketAddress server) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(server, 2000);
        return new StunTestClient(null, s, server);
    }

    /** The client's own address, which the server must report in XOR-MAPPED-ADDRESS. */
    public InetSocketAddress localAddress() {
        return udp != null ? (InetSocketAddress) udp.getLocalSocketAddress()
                : (InetSocketAddress) tcp.getLocalSocketAddress();
    }

    /** Sends raw bytes (one datagram, or one RFC 4571 frame). */
    public void send(byte[] msg) throws IOException {
        if (udp != null) {
            udp.send(new DatagramPacket(msg, msg.length, server));
        } else {
            OutputStream out = tcp.getOutputStream();
            byte[] framed = new byte[msg.length + 2];
            framed[0] = (byte) (msg.length >>> 8);
            framed[1] = (byte) msg.length;
            System.arraycopy(msg, 0, framed, 2, msg.length);
            out.write(framed);
            out.flush();
        }
    }

    /** Writes bytes to the TCP stream as they are (no framing). */
    public void sendRawStream(byte[] bytes) throws IOException {
        tcp.getOutputStream().write(bytes);
        tcp.getOutputStream().flush();
    }

    /** Next datagram or frame, or null after {@code timeoutMs}; for TCP also null once the server closed. */
    public byte[] receive(int timeoutMs) throws IOException {
        try {
            if (udp != null) {
                udp.setSoTimeout(timeoutMs);
                byte[] b = new byte[2048];
                DatagramPacket p = new DatagramPacket(b, b.length);
                udp.receive(p);
                return Arrays.copyOf(b, p.getLength());
            }
            tcp.setSoTimeout(timeoutMs);
            DataInputStream in = new DataInputStream(tcp.getInputStream());
            int len = in.readUnsignedShort();
            byte[] b = new byte[len];
            in.readFully(b);
            return b;
        } catch (SocketTimeoutException e) {
            return null;
        } catch (java.io.EOFException | java.net.SocketException e) {
            return null;
        }
    }

    /** True if the TCP server closed the connection within {@code timeoutMs}. */
    public boolean serverClosed(int timeoutMs) throws IOException {
        tcp.setSoTimeout(timeoutMs);
        try {
            return tcp.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    /** Sends {@code req} and waits for the response with its transaction id (other messages are skipped). */
    public Response exchange(Request req, int timeoutMs) throws IOException {
        send(req.encode());
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
            if (left <= 0) {
                return null;
            }
            byte[] b = receive(left);
            if (b == null) {
                return null;
            }
            Response r = Response.decode(b);
            if (r != null && Arrays.equals(r.transactionId, req.transactionId)) {
                return r;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        } else {
            tcp.close();
        }
    }

    /** A Binding request; defaults: controlling, priority 0x6e0001ff, integrity and fingerprint on. */
    public static final class Request {
        public String username;
        public String password;
        public long priority = 0x6e0001ffL;
        public boolean controlling = true;
        public boolean controlled;
        public boolean useCandidate;
        public int nomination = -1;
        public boolean integrity = true;
        public boolean fingerprint = true;
        public final byte[] transactionId = new byte[12];

        public Request(String serverUfrag, String clientUfrag, String serverPassword) {
            this.username = serverUfrag + ":" + clientUfrag;
            this.password = serverPassword;
            RND.nextBytes(transactionId);
        }

        public Request useCandidate() {
            useCandidate = true;
            return this;
        }

        public Request nomination(int value) {
            nomination = value;
            return this;
        }

        public byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(1024);
            b.putShort((short) 0x0001).putShort((short) 0).putInt(0x2112A442).put(transactionId);
            if (username != null) {
                attr(b, 0x0006, username.getBytes(StandardCharsets.UTF_8));
            }
            attr(b, 0x0024, ByteBuffer.allocate(4).putInt((int) priority).array());
            if (controlling) {
                attr(b, 0x802A, ByteBuffer.allocate(8).putLong(0x1122334455667788L).array());
            }
            if (controlled) {
                attr(b, 0x8029, ByteBuffer.allocate(8).putLong(0x0102030405060708L).array());
            }
            if (useCandidate) {
                attr(b, 0x0025, new byte[0]);
            }
            if (nomination >= 0) {
                attr(b, 0xC001, ByteBuffer.allocate(4).putInt(nomination).array());
            }
            if (integrity) {
                b.putShort(2, (short) (b.position() - 20 + 24));
                byte[] mac = hmac(password.getBytes(StandardCharsets.UTF_8), b.array(), b.position());
                attr(b, 0x0008, mac);
            }
            if (fingerprint) {
                b.putShort(2, (short) (b.position() - 20 + 8));
                CRC32 crc = new CRC32();
                crc.update(b.array(), 0, b.position());
                attr(b, 0x8028, ByteBuffer.allocate(4).putInt((int) crc.getValue() ^ 0x5354554e).array());
            }
            b.putShort(2, (short) (b.position() - 20));
            return Arrays.copyOf(b.array(), b.position());
        }

        private static void attr(ByteBuffer b, int type, byte[] value) {
            b.putShort((short) type).putShort((short) value.length).put(value);
            for (int i = value.length; (i & 3) != 0; i++) {
                b.put((byte) 0);
            }
        }
    }

    /** A decoded response. */
    public static final class Response {
        public int type;
        public byte[] transactionId;
        public InetSocketAddress xorMappedAddress;
        public int errorCode = -1;
        public String reason;
        public int integrityOffset = -1;
        public boolean fingerprintOk;
        private byte[] raw;

        public static Response decode(byte[] b) {
            if (b.length < 20 || ByteBuffer.wrap(b).getInt(4) != 0x2112A442) {
                return null;
            }
            ByteBuffer bb = ByteBuffer.wrap(b);
            Response r = new Response();
            r.raw = b;
            r.type = bb.getShort(0) & 0xFFFF;
            r.transactionId = Arrays.copyOfRange(b, 8, 20);
            int p = 20;
            while (p + 4 <= b.length) {
                int t = bb.getShort(p) & 0xFFFF;
                int l = bb.getShort(p + 2) & 0xFFFF;
                int v = p + 4;
                if (t == 0x0020) {
                    r.xorMappedAddress = decodeXor(b, v, r.transactionId);
                } else if (t == 0x0009) {
                    r.errorCode = (b[v + 2] & 7) * 100 + (b[v + 3] & 0xFF);
                    r.reason = new String(b, v + 4, l - 4, StandardCharsets.UTF_8);
                } else if (t == 0x0008 && r.integrityOffset < 0) {
                    r.integrityOffset = p;
                } else if (t == 0x8028) {
                    CRC32 crc = new CRC32();
                    crc.update(b, 0, p);
                    r.fingerprintOk = ((int) crc.getValue() ^ 0x5354554e) == bb.getInt(v) && v + 4 == b.length;
                }
                p = v + ((l + 3) & ~3);
            }
            return r;
        }

        /** Independent MESSAGE-INTEGRITY check with {@code password}. */
        public boolean integrityValid(String password) {
            if (integrityOffset < 0) {
                return false;
            }
            byte[] copy = Arrays.copyOf(raw, integrityOffset);
            int adjusted = integrityOffset + 24 - 20;
            copy[2] = (byte) (adjusted >>> 8);
            copy[3] = (byte) adjusted;
            byte[] mac = hmac(password.getBytes(StandardCharsets.UTF_8), copy, copy.length);
            return Arrays.equals(mac, Arrays.copyOfRange(raw, integrityOffset + 4, integrityOffset + 24));
        }

        private static InetSocketAddress decodeXor(byte[] b, int v, byte[] tid) {
            int family = b[v + 1];
            int port = (((b[v + 2] & 0xFF) << 8) | (b[v + 3] & 0xFF)) ^ 0x2112;
            byte[] mask = new byte[16];
            ByteBuffer.wrap(mask).putInt(0x2112A442).put(tid);
            byte[] ip = new byte[family == 2 ? 16 : 4];
            for (int i = 0; i < ip.length; i++) {
                ip[i] = (byte) (b[v + 4 + i] ^ mask[i]);
            }
            try {
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static byte[] hmac(byte[] key, byte[] data, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, 0, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
