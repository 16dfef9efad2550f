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

    @Test
    void savepointCommandsMayNameTheirDirectory() {
        assertThat(ServerCommands.recognise("STOP JOB '42' WITH SAVEPOINT TO '/tmp/it''s here';"))
                .contains(new ServerCommands.StopJob("42", true, "/tmp/it's here"));
        assertThat(ServerCommands.recognise("savepoint job '7'")).contains(new ServerCommands.TriggerSavepoint("7", null));
        assertThat(ServerCommands.recognise(" SAVEPOINT JOB '7' to '/sp' ;"))
                .contains(new ServerCommands.TriggerSavepoint("7", "/sp"));
        // a directory only goes with a savepoint; a SQL transaction savepoint is no job command
        assertThat(ServerCommands.recognise("STOP JOB '42' TO '/sp'")).isEmpty();
        assertThat(ServerCommands.recognise("SAVEPOINT sp1")).isEmpty();
        assertThat(ServerCommands.recognise("SAVEPOINT JOB '7' TO /sp")).isEmpty();
    }
}
