/**
 * Persistence of context states, so that a session survives a restart or moves between servers
 * with nothing lost: {@link io.sculptor.store.ContextSnapshots} writes and reads one state as
 * versioned, checksummed JSON; {@link io.sculptor.store.ContextStore} is the SPI of stores that
 * keep many conversations, save them incrementally and detect concurrent saves (the JDBC
 * implementation is in {@code sculptor-store-jdbc}).
 */
package io.sculptor.store;
