package dev.weir.state.internal;

import java.io.IOException;

/** A snapshot's keyed-state entries in canonical form, whichever backend wrote them. */
public interface KeyedStateSource {
    /** Visits every entry, state by state, in key-group order within each state. */
    void forEachEntry(EntryVisitor visitor) throws IOException;
}
