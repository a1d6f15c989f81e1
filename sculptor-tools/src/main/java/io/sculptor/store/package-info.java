/**
 * Persistence of whole context states, so that a session survives a restart or moves between
 * servers with nothing lost: {@link io.sculptor.store.ContextSnapshots} writes and reads versioned,
 * checksummed JSON.
 */
package io.sculptor.store;
