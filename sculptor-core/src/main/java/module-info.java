/**
 * The reversible context model of Sculptor: an immutable conversation, a table of fragments whose
 * edits change only the view the model sees, exact search, and token totals kept current per edit.
 * Pure Java with no runtime dependencies.
 */
// The qualified export names a module that is compiled after this one, so javac cannot find it
// here ("module not found"); that is expected, and the only warning silenced in the build.
@SuppressWarnings("module")
module io.sculptor.core {
  exports io.sculptor.core;
  // Argument checks, shared so that the tools module does not write its own.
  exports io.sculptor.core.internal to io.sculptor.tools;
}
