package dev.weir.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class WeirUrlTest {

    @Test
    void shortFormBecomesAvaticaProperties() throws SQLException {
        assertThat(WeirUrl.toAvaticaProperties("jdbc:weir://h:1", new Properties()))
                .isEqualTo("url=http://h:1;serialization=protobuf");
        assertThat(WeirUrl.toAvaticaProperties("jdbc:weir://h:1;user=a;password=b;timeZone=UTC", null))
                .isEqualTo("url=http://h:1;serialization=protobuf;authentication=BASIC;avatica_user=a;"
                        + "avatica_password=b;timeZone=UTC");
        Properties info = new Properties();
        info.setProperty("user", "u");
        info.setProperty("password", "p");
        assertThat(WeirUrl.toAvaticaProperties("jdbc:weir://h:1", info)).endsWith("avatica_user=u;avatica_password=p");
        assertThat(WeirUrl.toAvaticaProperties("jdbc:weir://h:1;token=t", null))
                .endsWith("avatica_user=token;avatica_password=t");
    }

    @Test
    void badUrlsSayWhatIsExpectedWithoutShowingSecrets() {
        assertThatThrownBy(() -> WeirUrl.toAvaticaProperties("jdbc:weir://;password=hunter2", null))
                .isInstanceOf(SQLException.class).hasMessageContaining("expected jdbc:weir://host:port")
                .hasMessageNotContaining("hunter2");
        assertThat(WeirUrl.redact("jdbc:weir://h:1;user=a;password=b;token=c"))
                .isEqualTo("jdbc:weir://h:1;user=a;password=***;token=***");
    }
}
