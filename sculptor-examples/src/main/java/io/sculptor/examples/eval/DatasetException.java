package io.sculptor.examples.eval;

/**
 * A data set file that cannot be read as its benchmark's rows. The message is one line that names
 * the file, the row and, when one is at fault, the field, e.g.
 * {@code mrcr.jsonl row 3, field 'desired_msg_index': 41 is not a user request followed by an answer}.
 */
public final class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DatasetException(String message) {
    super(message.replace('\n', ' ').replace('\r', ' '));
  }
}
