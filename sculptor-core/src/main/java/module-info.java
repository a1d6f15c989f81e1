/**
 * The reversible context model of Sculptor: an immutable conversation, a table of fragments whose
 * edits change only the view the model sees, exact search, and token totals kept current per edit.
 * Pure Java with no runtime dependencies.
 */
module io.sculptor.core {
  exports io.sculptor.core;
}
