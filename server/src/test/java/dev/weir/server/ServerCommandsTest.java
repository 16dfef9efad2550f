package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerCommandsTest {

    @Test
    void recognisesServerCommandsOnly() {
        assertThat(ServerCommands.recognise("  show jobs ;")).contains(new ServerCommands.ShowJobs());
        assertThat(ServerCommands.recognise("STOP JOB '42'")).contains(new ServerCommands.StopJob("42", false));
        assertThat(ServerCommands.recognise("stop job '42' with savepoint;"))
                .contains(new ServerCommands.StopJob("42", true));
        assertThat(ServerCommands.recognise("cancel statement 7")).contains(new ServerCommands.CancelStatement(7));
        assertThat(ServerCommands.recognise("SHOW TABLES")).isEmpty();
        assertThat(ServerCommands.recognise("SELECT 'SHOW JOBS'")).isEmpty();
        assertThat(ServerCommands.recognise("STOP JOB 42")).isEmpty();
    }
}
