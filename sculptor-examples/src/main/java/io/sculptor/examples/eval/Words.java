package io.sculptor.examples.eval;

import java.util.Random;

/**
 * The project's own word lists and filler grammar for task generation. Written for this project;
 * no third-party corpus is used.
 */
final class Words {
  private Words() {}

  /** Keys of key-value streams: distinct everyday nouns. */
  static final String[] KEYS = {
      "apple", "anchor", "badge", "basket", "beacon", "blanket", "bottle", "bridge", "button", "cabin",
      "candle", "canvas", "carpet", "castle", "chair", "clock", "compass", "copper", "crystal", "curtain",
      "dagger", "desk", "diamond", "drum", "engine", "falcon", "feather", "fence", "flag", "forest",
      "garden", "glove", "hammer", "harbor", "helmet", "island", "jacket", "kettle", "ladder", "lantern",
      "marble", "meadow", "mirror", "needle", "orchard", "paddle", "pencil", "pillow", "planet", "pocket",
      "quarry", "ribbon", "saddle", "shovel", "signal", "temple", "ticket", "tunnel", "velvet", "wagon"};

  static final String[] NOUNS = {
      "river", "valley", "market", "library", "workshop", "village", "harbor", "station", "garden", "bridge",
      "mountain", "lighthouse", "orchard", "factory", "museum", "kitchen", "tower", "meadow", "canal", "forest",
      "engineer", "farmer", "painter", "sailor", "teacher", "merchant", "baker", "doctor", "poet", "gardener",
      "committee", "council", "caravan", "festival", "expedition", "journal", "letter", "report", "ledger", "map",
      "storm", "harvest", "winter", "morning", "evening", "season", "journey", "lesson", "melody", "story"};

  static final String[] ADJECTIVES = {
      "quiet", "ancient", "busy", "narrow", "golden", "distant", "gentle", "crowded", "patient", "bright",
      "careful", "silent", "wooden", "northern", "southern", "early", "late", "humble", "steady", "curious",
      "modest", "sturdy", "hidden", "open", "small", "large", "simple", "clever", "cheerful", "weathered"};

  static final String[] VERBS = {
      "visited", "repaired", "described", "measured", "painted", "crossed", "studied", "followed", "watched",
      "recorded", "cleaned", "planned", "opened", "closed", "carried", "noticed", "prepared", "explored",
      "mentioned", "improved", "collected", "remembered", "organized", "inspected", "welcomed"};

  static final String[] PLACES = {
      "by the river", "near the old mill", "across the square", "behind the station", "along the coast",
      "under the bridge", "beside the market", "at the edge of town", "in the upper valley", "past the harbor"};

  static final String[] TOPICS = {
      "tapirs", "lighthouses", "copper kettles", "mountain goats", "paper kites", "old maps", "winter rain",
      "clockmakers", "sea glass", "desert foxes", "violin strings", "market bread", "owls", "train stations",
      "wool blankets", "river stones", "beekeepers", "city parks", "tide pools", "snow leopards"};

  static final String[] GENRES = {"poem", "short story", "riddle", "letter", "essay", "song", "fable", "speech"};

  private static final String[] ONSETS = {"ka", "lo", "mi", "ra", "te", "vo", "su", "na", "be", "di", "fa", "go",
      "ha", "ji", "ku", "le", "mo", "ni", "pa", "qui", "ro", "sa", "ti", "ul", "ve", "wi", "ya", "ze"};
  private static final String[] CODAS = {"ren", "dor", "lin", "mar", "vek", "sil", "ton", "bra", "niq", "zel",
      "rox", "tha", "mun", "pel", "dri", "sko"};

  /** {@return an invented name, such as {@code Kadorlin}} */
  static String name(Random random) {
    String name = ONSETS[random.nextInt(ONSETS.length)] + CODAS[random.nextInt(CODAS.length)]
        + (random.nextBoolean() ? ONSETS[random.nextInt(ONSETS.length)] : "");
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** {@return one filler sentence} */
  static String sentence(Random random) {
    String subject = pick(random, ADJECTIVES) + " " + pick(random, NOUNS);
    String object = pick(random, NOUNS);
    return switch (random.nextInt(4)) {
      case 0 -> "The " + subject + " " + pick(random, VERBS) + " the " + object + " " + pick(random, PLACES) + ".";
      case 1 -> "In the " + pick(random, ADJECTIVES) + " " + pick(random, NOUNS) + ", a " + subject + " "
          + pick(random, VERBS) + " every " + object + ".";
      case 2 -> "Nobody " + pick(random, VERBS) + " the " + object + " until the " + subject + " arrived "
          + pick(random, PLACES) + ".";
      default -> "A " + subject + " and a " + pick(random, ADJECTIVES) + " " + object + " were "
          + pick(random, VERBS) + " " + pick(random, PLACES) + ".";
    };
  }

  /** {@return a paragraph of {@code sentences} filler sentences} */
  static String paragraph(Random random, int sentences) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      out.append(i == 0 ? "" : " ").append(sentence(random));
    }
    return out.toString();
  }

  static String pick(Random random, String[] words) {
    return words[random.nextInt(words.length)];
  }
}
