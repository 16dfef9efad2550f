package dev.weir.executor.checkpoint;

import dev.weir.core.WeirException;
import java.nio.file.Path;

/** The errors a restore raises for damaged checkpoints: each names the file and says what to do. */
final class DamagedCheckpointMessages {
    static final String POLICY_KEY = "execution.state-recovery.on-damaged-checkpoint";

    private DamagedCheckpointMessages() {
    }

    /** The newest complete checkpoint is damaged and the policy is {@code fail}. */
    static WeirException refuse(Path checkpoint, DamagedCheckpointException damage, Path older) {
        String ways = older == null
                ? " No older complete checkpoint is retained: delete " + checkpoint.getParent()
                        + " to start the job afresh on purpose (its output so far is then written again)."
                : " To resume from the previous checkpoint instead, run again with --set " + POLICY_KEY
                        + "=fallback, or point execution.state-recovery.path at " + older
                        + "; the rows after that checkpoint are processed again.";
        return new WeirException("Cannot resume: the newest checkpoint " + checkpoint + " is damaged: file "
                + damage.file() + ": " + damage.reason() + ". Refusing to start (" + POLICY_KEY + " = fail)."
                + ways, damage);
    }

    /** Complete checkpoints exist but none verifies: starting empty would drop the job's state. */
    static WeirException allDamaged(Path jobDir, DamagedCheckpointException newest) {
        return new WeirException("Cannot resume job from " + jobDir + ": every retained checkpoint is damaged, the"
                + " newest at file " + newest.file() + " (" + newest.reason() + "). Refusing to start with empty"
                + " state; delete " + jobDir + " to start the job afresh on purpose.", newest);
    }
}
