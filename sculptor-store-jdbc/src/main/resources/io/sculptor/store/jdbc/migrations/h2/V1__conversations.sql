-- Version 1 of the schema on H2. Long text is CHARACTER LARGE OBJECT: a message or a summary may
-- exceed H2's 1,000,000-character limit of CHARACTER VARYING. The pins, a short list, are not long text.
CREATE TABLE sculptor_conversation (
  id VARCHAR(200) PRIMARY KEY,
  version BIGINT NOT NULL,
  seed BIGINT NOT NULL,
  ids_drawn BIGINT NOT NULL,
  message_count INT NOT NULL,
  fragment_count INT NOT NULL,
  pinned VARCHAR(1000000) NOT NULL,
  hit_next BIGINT NOT NULL,
  token_encoding VARCHAR(100),
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE sculptor_message (
  conversation_id VARCHAR(200) NOT NULL,
  idx INT NOT NULL,
  body CHARACTER LARGE OBJECT NOT NULL,
  crc BIGINT NOT NULL,
  overhead_tokens INT,
  content_tokens INT,
  PRIMARY KEY (conversation_id, idx)
);
CREATE TABLE sculptor_view_tokens (
  conversation_id VARCHAR(200) NOT NULL,
  idx INT NOT NULL,
  view_tokens INT NOT NULL,
  PRIMARY KEY (conversation_id, idx)
);
CREATE TABLE sculptor_fragment (
  conversation_id VARCHAR(200) NOT NULL,
  ordinal INT NOT NULL,
  fragment_id VARCHAR(6) NOT NULL,
  spans CHARACTER LARGE OBJECT NOT NULL,
  status VARCHAR(10) NOT NULL,
  summary CHARACTER LARGE OBJECT,
  focus CHARACTER LARGE OBJECT,
  crc BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, ordinal)
);
CREATE TABLE sculptor_search_hit (
  conversation_id VARCHAR(200) NOT NULL,
  seq BIGINT NOT NULL,
  hit_id VARCHAR(6) NOT NULL,
  query CHARACTER LARGE OBJECT NOT NULL,
  message_index INT NOT NULL,
  char_offset INT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
)
