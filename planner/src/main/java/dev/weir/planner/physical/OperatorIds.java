package dev.weir.planner.physical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stable operator ids: a prefix naming the operator kind plus 8 hex digits of a SHA-256 over
 * what the operator computes and what feeds it (its input chain up to the source table), so
 * the id survives unrelated changes to the query and checkpoints map back to the same state.
 */
final class OperatorIds {
    private OperatorIds() {
    }

    static String derive(String prefix, String describe, String lineage) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((describe + "\n<-\n" + lineage).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(prefix);
            for (int i = 0; i < 4; i++) {
                hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
