package dev.chorus.ops.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read into its build stages and instructions, enough for the deploy tests: continuation lines are
 * joined, comments dropped, and arguments split into words the way the shell form and {@code ENV} do (double and
 * single quotes group, a backslash escapes).
 */
final class Dockerfiles {
    private Dockerfiles() {
    }

    /** One instruction: its keyword in upper case, its raw argument text, and the line it starts on. */
    record Instruction(int line, String keyword, String args) {
        List<String> words() {
            return Dockerfiles.words(args);
        }
    }

    /** A build stage: its {@code FROM} image, its name ({@code AS name}, or null) and its instructions. */
    record Stage(String image, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** The last instruction with the keyword (the one in effect), or null. */
        Instruction last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? null : found.get(found.size() - 1);
        }
    }

    static List<Instruction> instructions(String text) {
        List<Instruction> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.startsWith("#") || (current == null && line.isEmpty())) {
                continue;
            }
            boolean continued = line.endsWith("\\");
            String part = continued ? line.substring(0, line.length() - 1) : line;
            if (current == null) {
                current = new StringBuilder(part);
                start = n + 1;
            } else {
                current.append(' ').append(part);
            }
            if (!continued) {
                out.add(toInstruction(start, current.toString()));
                current = null;
            }
        }
        if (current != null) {
            throw new IllegalArgumentException("line " + start + ": continuation runs off the end of the file");
        }
        return out;
    }

    private static Instruction toInstruction(int line, String text) {
        String trimmed = text.strip();
        int space = trimmed.indexOf(' ');
        String keyword = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        String args = space < 0 ? "" : trimmed.substring(space + 1).strip();
        return new Instruction(line, keyword, args);
    }

    static List<Stage> stages(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        for (Instruction i : instructions(text)) {
            if (i.keyword().equals("FROM")) {
                List<String> w = i.words().stream().filter(s -> !s.startsWith("--")).toList();
                String name = w.size() == 3 && w.get(1).equalsIgnoreCase("AS") ? w.get(2) : null;
                current = new ArrayList<>();
                stages.add(new Stage(w.get(0), name, current));
            } else if (current == null) {
                if (!i.keyword().equals("ARG")) {
                    throw new IllegalArgumentException("line " + i.line() + ": " + i.keyword() + " before FROM");
                }
            } else {
                current.add(i);
            }
        }
        return stages;
    }

    /** Splits on unquoted whitespace; quotes group and are removed, a backslash keeps the next character. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed quote in: " + text);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
