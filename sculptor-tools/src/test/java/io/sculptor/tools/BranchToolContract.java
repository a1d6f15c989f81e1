package io.sculptor.tools;

import java.util.Optional;

/** The shared contract for {@code branch} and {@code return}: run by a toolkit that has them, no ids, no integers. */
interface BranchToolContract extends SculptorToolContract {
  @Override
  default SculptorToolkit toolkit() {
    return Fixtures.BRANCHING;
  }

  @Override
  default Optional<String> boundedIntegerParameter() {
    return Optional.empty();
  }

  @Override
  default Optional<String> idParameter() {
    return Optional.empty();
  }
}
