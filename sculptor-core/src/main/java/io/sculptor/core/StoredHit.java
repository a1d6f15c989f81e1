package io.sculptor.core;

/** What a state remembers of a search hit: enough to show it again with any context. */
record StoredHit(SearchResultId id, String query, int messageIndex, int offset, int length) {}
