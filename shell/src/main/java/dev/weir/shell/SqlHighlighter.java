package dev.weir.shell;

import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Colours the statement being typed: keywords bold blue, 'strings' green, comments grey. */
final class SqlHighlighter implements Highlighter {
    private static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT);

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        return highlight(buffer);
    }

    static AttributedString highlight(String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder(buffer.length() + 16);
        int i = 0;
        int n = buffer.length();
        while (i < n) {
            char c = buffer.charAt(i);
            int end;
            if (c == '\'') {
                end = closing(buffer, i + 1, '\'');
                sb.styled(STRING, buffer.substring(i, end));
            } else if (c == '-' && i + 1 < n && buffer.charAt(i + 1) == '-') {
                int newline = buffer.indexOf('\n', i);
                end = newline < 0 ? n : newline;
                sb.styled(COMMENT, buffer.substring(i, end));
            } else if (c == '/' && i + 1 < n && buffer.charAt(i + 1) == '*') {
                int close = buffer.indexOf("*/", i + 2);
                end = close < 0 ? n : close + 2;
                sb.styled(COMMENT, buffer.substring(i, end));
            } else if (c == '`') {
                end = closing(buffer, i + 1, '`');
                sb.append(buffer.substring(i, end));
            } else if (Character.isLetter(c) || c == '_') {
                end = i + 1;
                while (end < n && (Character.isLetterOrDigit(buffer.charAt(end)) || buffer.charAt(end) == '_')) {
                    end++;
                }
                String word = buffer.substring(i, end);
                if (SqlKeywords.isKeyword(word)) {
                    sb.styled(KEYWORD, word);
                } else {
                    sb.append(word);
                }
            } else {
                end = i + 1;
                sb.append(c);
            }
            i = end;
        }
        return sb.toAttributedString();
    }

    /** The index after the closing quote (a doubled quote is an escaped one), or the end of an unclosed text. */
    private static int closing(String s, int from, char quote) {
        int i = from;
        while (i < s.length()) {
            if (s.charAt(i) == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }
}
