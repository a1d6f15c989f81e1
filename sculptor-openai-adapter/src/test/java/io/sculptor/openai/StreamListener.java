package io.sculptor.openai;

import io.sculptor.model.ChatStreamListener;
import java.util.ArrayList;
import java.util.List;

/** Records what a streaming model handed to its listener, and on which threads. */
final class StreamListener implements ChatStreamListener {
  final StringBuilder text = new StringBuilder();
  final StringBuilder reasoning = new StringBuilder();
  final List<String> calls = new ArrayList<>();
  final List<String> pieces = new ArrayList<>();
  final List<Thread> threads = new ArrayList<>();

  @Override
  public void onText(String delta) {
    text.append(delta);
    pieces.add(delta);
    threads.add(Thread.currentThread());
  }

  @Override
  public void onReasoning(String delta) {
    reasoning.append(delta);
    threads.add(Thread.currentThread());
  }

  @Override
  public void onToolCall(String id, String name) {
    calls.add(id + " " + name);
    threads.add(Thread.currentThread());
  }
}
