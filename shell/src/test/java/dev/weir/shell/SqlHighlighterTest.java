package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class SqlHighlighterTest {

    @Test
    void stylesKeywordsStringsAndCommentsAndKeepsTheText() {
        String sql = "SELECT id, 'it''s -- no' FROM t -- note\n/* c */ where x";
        AttributedString s = SqlHighlighter.highlight(sql);
        assertThat(s.toString()).isEqualTo(sql);
        assertThat(styleAt(s, sql.indexOf("SELECT"))).isNotEqualTo(AttributedStyle.DEFAULT);
        assertThat(styleAt(s, sql.indexOf("id"))).isEqualTo(AttributedStyle.DEFAULT);
        int string = sql.indexOf("'it");
        assertThat(styleAt(s, string + 8)).isEqualTo(styleAt(s, string)).isNotEqualTo(AttributedStyle.DEFAULT);
        assertThat(styleAt(s, sql.indexOf("note"))).isEqualTo(styleAt(s, sql.indexOf("/* c")))
                .isNotEqualTo(styleAt(s, sql.indexOf("FROM")));
        assertThat(styleAt(s, sql.indexOf("where"))).isEqualTo(styleAt(s, sql.indexOf("FROM")));
    }

    @Test
    void anUnclosedStringRunsToTheEnd() {
        AttributedString s = SqlHighlighter.highlight("SET 'pipeline.na");
        assertThat(styleAt(s, 15)).isEqualTo(styleAt(s, 4)).isNotEqualTo(styleAt(s, 0));
    }

    private static AttributedStyle styleAt(AttributedString s, int index) {
        return s.styleAt(index);
    }
}
