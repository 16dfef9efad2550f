package dev.weir.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteErrorsTest {

    @Test
    void serverMessageComesFirst() {
        assertThat(RemoteErrors.serverMessage("Remote driver error: SqlException: <jdbc>:1:8: Column 'x' not found"))
                .isEqualTo("<jdbc>:1:8: Column 'x' not found");
        assertThat(RemoteErrors.serverMessage("WeirException: job failed: boom -> IOException: disk"))
                .isEqualTo("job failed: boom");
        assertThat(RemoteErrors.serverMessage("Error while executing SQL \"x\": Remote driver error: SqlException: m"))
                .isEqualTo("m");
        assertThat(RemoteErrors.serverMessage("plain text")).isEqualTo("plain text");
    }
}
