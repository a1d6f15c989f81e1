package io.sculptor.examples.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The project's own word lists for task generation: categories and their members for PI-LLM,
 * request formats and topics for MRCR, people's names for NeedleBench, and a filler grammar.
 * Written for this project; no third-party corpus is copied. The public benchmarks draw from their
 * own files (PI-LLM's 46 categories of 400 items, NeedleBench's {@code names.json} and Paul
 * Graham's essays), which are data sets this program does not ship.
 */
final class Words {
  private Words() {}

  /**
   * PI-LLM keys and values: a category word, and words of that category. No category name is a
   * word or a suffix of another, so that {@code "category: value;"} names one key only.
   */
  static final Map<String, List<String>> CATEGORIES = categories(
      "bird", "emu kea wren finch robin heron egret stork crane swift lark thrush magpie raven kestrel falcon"
          + " osprey pelican puffin gannet plover curlew warbler sparrow starling oriole",
      "fruit", "apple pear plum peach apricot cherry grape fig date mango papaya guava lychee kiwi melon lemon"
          + " lime orange quince banana coconut pomelo damson medlar persimmon tamarind",
      "vegetable", "carrot turnip parsnip radish beet leek onion garlic celery fennel kale spinach lettuce"
          + " cabbage broccoli pea bean okra squash pumpkin zucchini eggplant artichoke asparagus yam",
      "dessert", "tiramisu pavlova trifle sorbet gelato custard pudding brownie cheesecake eclair macaron"
          + " meringue strudel baklava cannoli flan mousse parfait souffle tart crumble cobbler fudge truffle",
      "beverage", "tea coffee cocoa lemonade cider juice milk kefir kombucha lassi soda tonic espresso latte"
          + " mocha chai smoothie horchata punch nectar sherbet ginger-ale buttermilk oolong matcha",
      "profession", "baker carpenter plumber nurse surgeon pilot sailor farmer teacher lawyer judge architect"
          + " engineer chemist dentist pharmacist librarian tailor cobbler welder mason potter weaver jeweler",
      "sport", "tennis rugby cricket hockey soccer baseball volleyball badminton squash rowing fencing archery"
          + " boxing wrestling judo karate cycling skiing surfing sailing golf polo lacrosse handball curling",
      "dance", "waltz tango salsa rumba samba foxtrot quickstep polka mambo bolero flamenco ballet jive"
          + " swing charleston cha-cha merengue bachata hula jig reel gavotte minuet mazurka tarantella",
      "fabric", "cotton linen wool silk satin velvet denim tweed flannel corduroy muslin chiffon organza"
          + " taffeta calico gingham jersey cashmere mohair felt canvas burlap lace poplin suede",
      "tool", "hammer chisel saw drill wrench pliers screwdriver mallet file rasp awl trowel spade rake hoe"
          + " shovel axe hatchet plane clamp vise level crowbar sander grinder",
      "weapon", "sword dagger spear lance halberd pike mace flail axe bow crossbow sling javelin trident"
          + " rapier saber cutlass scimitar katana glaive club dirk stiletto musket cannon",
      "clothing", "shirt blouse sweater jacket coat vest trousers jeans skirt dress gown tunic cloak scarf"
          + " shawl glove mitten sock boot sandal slipper hat beret bonnet apron",
      "furniture", "chair stool bench sofa couch armchair table desk dresser wardrobe cabinet bookcase"
          + " shelf bed cot crib ottoman futon hammock chest sideboard cupboard recliner settee divan",
      "vehicle", "car truck bus van tram train taxi jeep tractor scooter motorcycle bicycle tricycle wagon"
          + " cart carriage sledge limousine minivan pickup trolley rickshaw buggy coach bulldozer",
      "watercraft", "canoe kayak raft dinghy sloop schooner ketch yacht ferry barge tugboat trawler galleon"
          + " frigate clipper catamaran gondola punt junk dhow sampan steamer submarine lifeboat",
      "aircraft", "airplane glider helicopter blimp zeppelin biplane seaplane jet airliner bomber fighter"
          + " drone balloon autogyro airship monoplane triplane paraglider hang-glider gyrocopter"
          + " turboprop floatplane tiltrotor airbus",
      "instrument", "violin viola cello harp flute oboe clarinet bassoon trumpet trombone tuba horn piano"
          + " organ harpsichord guitar banjo mandolin ukulele lute sitar drum tambourine accordion",
      "flower", "rose tulip lily daisy orchid iris peony poppy violet lilac jasmine lavender marigold"
          + " sunflower daffodil camellia magnolia hibiscus zinnia aster dahlia freesia gardenia carnation",
      "tree", "oak maple birch willow elm ash beech cedar pine spruce fir larch yew holly poplar aspen"
          + " chestnut walnut hickory sycamore cypress juniper alder hornbeam redwood",
      "gemstone", "ruby sapphire emerald diamond opal topaz garnet amethyst jade onyx pearl agate jasper"
          + " turquoise peridot citrine zircon tourmaline aquamarine moonstone obsidian lapis coral amber",
      "metal", "iron copper tin zinc lead nickel cobalt silver gold platinum aluminum titanium tungsten"
          + " chromium manganese bronze brass steel pewter mercury magnesium lithium osmium iridium",
      "mammal", "otter badger beaver weasel ferret mink marten fox wolf lynx bobcat cougar jaguar leopard"
          + " cheetah hyena jackal coyote moose elk bison yak camel llama alpaca",
      "fish", "salmon trout cod haddock halibut herring mackerel sardine anchovy tuna bass perch pike carp"
          + " catfish tilapia snapper grouper flounder sole plaice mullet eel sturgeon minnow",
      "insect", "beetle ant bee wasp hornet moth butterfly dragonfly damselfly cricket grasshopper locust"
          + " cicada aphid ladybird firefly termite mantis earwig weevil gnat midge mosquito flea",
      "reptile", "lizard gecko iguana chameleon skink monitor tortoise turtle terrapin crocodile alligator"
          + " caiman gharial cobra python viper mamba adder boa anaconda rattlesnake tuatara basilisk agama",
      "spice", "cinnamon nutmeg clove cardamom cumin coriander turmeric saffron paprika pepper ginger"
          + " anise fenugreek mustard sumac allspice mace caraway fennel dill sage thyme oregano basil",
      "cheese", "cheddar brie camembert gouda edam gruyere emmental parmesan pecorino feta halloumi"
          + " ricotta mozzarella burrata stilton roquefort gorgonzola manchego provolone havarti"
          + " raclette comte taleggio paneer",
      "bread", "baguette brioche ciabatta focaccia sourdough rye pumpernickel bagel croissant pretzel naan"
          + " pita chapati tortilla matzo challah scone muffin crumpet bannock cornbread soda-bread"
          + " roti lavash",
      "dish", "risotto paella lasagna ravioli gnocchi goulash curry stew chowder gumbo jambalaya ramen pho"
          + " sushi tempura biryani falafel hummus moussaka ratatouille casserole omelette quiche dumpling",
      "river", "Nile Amazon Danube Rhine Thames Seine Volga Ganges Mekong Yangtze Mississippi Missouri"
          + " Zambezi Congo Niger Indus Tigris Euphrates Jordan Loire Elbe Oder Vistula Tagus",
      "mountain", "Everest Kilimanjaro Denali Elbrus Aconcagua Matterhorn Olympus Fuji Etna Vesuvius"
          + " Rainier Shasta Whitney Hood Blanc Eiger Cervino Ararat Sinai Kenya Cook Logan Robson Tabor",
      "city", "Lisbon Madrid Paris Vienna Prague Warsaw Oslo Helsinki Dublin Athens Rome Milan Naples"
          + " Berlin Munich Zurich Geneva Lyon Porto Seville Krakow Riga Tallinn Vilnius",
      "country", "Peru Chile Brazil Argentina Mexico Canada Norway Sweden Finland Denmark Iceland Ireland"
          + " Portugal Spain Italy Greece Turkey Egypt Kenya Ghana Nepal India Japan Vietnam",
      "planet", "Mercury Venus Earth Mars Jupiter Saturn Uranus Neptune Pluto Ceres Eris Haumea Makemake"
          + " Sedna Quaoar Orcus Gonggong Varuna Ixion Salacia Vanth Dysnomia Charon Titan",
      "weather", "rain drizzle sleet snow hail fog mist frost dew thunder lightning storm gale breeze"
          + " hurricane typhoon cyclone tornado monsoon blizzard drought heatwave haze smog squall",
      "emotion", "joy sorrow anger fear surprise disgust pride shame guilt envy jealousy hope relief"
          + " gratitude awe wonder boredom nostalgia longing contentment serenity anxiety delight grief",
      "illness", "influenza measles mumps rubella chickenpox malaria cholera typhoid tetanus rabies"
          + " asthma bronchitis pneumonia tuberculosis diabetes anemia migraine arthritis gout scurvy"
          + " rickets shingles jaundice tonsillitis",
      "anatomy", "heart lung liver kidney spleen pancreas stomach bladder brain spine skull rib femur"
          + " tibia elbow knee ankle wrist shoulder hip thumb eyelid tongue jaw",
      "colour", "crimson scarlet vermilion maroon amber ochre saffron lemon olive lime teal turquoise"
          + " cyan azure cobalt navy indigo violet magenta fuchsia beige taupe sepia ivory",
      "shape", "circle square triangle rectangle pentagon hexagon heptagon octagon rhombus trapezoid"
          + " ellipse oval crescent star spiral cube sphere cone cylinder pyramid prism torus helix arrow",
      "game", "chess checkers backgammon dominoes mahjong poker bridge rummy solitaire canasta cribbage"
          + " scrabble monopoly cluedo charades bingo darts billiards snooker croquet bowls marbles"
          + " hopscotch tag",
      "festival", "Diwali Holi Hanukkah Easter Christmas Passover Eid Nowruz Vesak Songkran Lohri Pongal"
          + " Onam Carnival Oktoberfest Halloween Thanksgiving Obon Hogmanay Beltane Samhain Lammas"
          + " Purim Kwanzaa",
      "creature", "dragon griffin phoenix unicorn centaur minotaur sphinx hydra kraken basilisk chimera"
          + " pegasus cyclops gorgon harpy siren mermaid troll goblin ogre kelpie selkie banshee wyvern",
      "building", "castle palace cathedral chapel temple mosque pagoda tower lighthouse windmill barn"
          + " cottage villa mansion bungalow cabin hut igloo fortress citadel abbey monastery library museum",
      "kitchenware", "kettle teapot saucepan skillet wok colander ladle whisk spatula grater peeler"
          + " sieve mortar pestle rolling-pin cleaver tongs funnel strainer casserole tureen jug pitcher"
          + " platter",
      "language", "Basque Welsh Gaelic Breton Catalan Galician Occitan Romansh Frisian Flemish Icelandic"
          + " Faroese Estonian Latvian Lithuanian Maltese Albanian Armenian Georgian Swahili Yoruba Zulu"
          + " Tagalog Quechua",
      "currency", "dollar euro pound yen yuan rupee ruble peso real rand franc krona krone zloty forint"
          + " koruna lira dinar dirham riyal shekel baht dong won",
      "element", "hydrogen helium lithium beryllium boron carbon nitrogen oxygen fluorine neon sodium"
          + " magnesium silicon phosphorus sulfur chlorine argon potassium calcium scandium titanium"
          + " vanadium gallium germanium",
      "landform", "valley canyon gorge ravine plateau mesa butte plain prairie steppe tundra desert dune"
          + " oasis delta estuary lagoon fjord peninsula isthmus cape cliff ridge volcano glacier");

  /** Qualifiers that make two-word values when a key needs more distinct values than its category holds. */
  static final List<String> QUALIFIERS = List.of("wild", "little", "great", "northern", "southern", "golden",
      "silver", "royal", "common", "giant", "red", "black", "white", "green", "blue", "old", "young", "eastern",
      "western", "dwarf", "spotted", "striped");

  /** MRCR request formats, as in its requests {@code write a <format> about <topic>}. */
  static final List<String> FORMATS = List.of("poem", "short essay", "email", "social media post", "short story",
      "riddle", "song", "short scene in a play", "diary entry", "short news article", "blog post", "speech",
      "formal letter", "limerick");

  /** MRCR topics: lowercase nouns. */
  static final List<String> TOPICS = List.of("tapirs", "horses", "records", "departments", "fields", "bridges",
      "lanterns", "rivers", "clocks", "islands", "kites", "libraries", "bees", "glaciers", "markets", "harbors",
      "owls", "deserts", "violins", "gardens", "trains", "maps", "storms", "candles", "forests", "bicycles",
      "whales", "festivals", "orchards", "comets", "meadows", "agreements", "blueberries", "weights", "models",
      "colors", "education", "lighthouses", "bakeries", "volcanoes", "otters", "puzzles", "umbrellas", "tides",
      "mushrooms", "telescopes", "pianos", "recipes", "footprints", "sandcastles");

  /** First names for NeedleBench's people; the names of its prompt's worked examples are left out. */
  private static final List<String> FIRST_NAMES = List.of("Aaron", "Abigail", "Adrian", "Alice", "Amber",
      "Angela", "Barbara", "Benjamin", "Bradley", "Brenda", "Caleb", "Carla", "Carmen", "Cheryl", "Craig",
      "Cynthia", "Daniel", "Deborah", "Derek", "Diana", "Douglas", "Eleanor", "Emily", "Eric", "Erin", "Felicia",
      "Frank", "Gary", "Gloria", "Gregory", "Hannah", "Heather", "Henry", "Holly", "Isaac", "Janet", "Jeremy",
      "Joanna", "Jordan", "Joyce", "Julia", "Justin", "Karen", "Kathleen", "Keith", "Laura", "Leonard", "Linda",
      "Logan", "Lucas", "Marcus", "Margaret", "Melissa", "Monica", "Nathan", "Nicole", "Olivia", "Patrick",
      "Peter", "Rachel", "Raymond", "Rebecca", "Robert", "Ruth", "Samuel", "Sandra", "Sean", "Sharon", "Stephen",
      "Susan", "Teresa", "Thomas", "Tiffany", "Victor", "Vincent", "Wendy", "Zachary");

  private static final List<String> LAST_NAMES = List.of("Adams", "Allen", "Bailey", "Barnes", "Bell", "Bennett",
      "Brooks", "Bryant", "Butler", "Campbell", "Carter", "Clark", "Collins", "Cooper", "Cox", "Davis", "Diaz",
      "Edwards", "Evans", "Fisher", "Flores", "Foster", "Garcia", "Gonzalez", "Gray", "Green", "Griffin", "Hall",
      "Harris", "Hayes", "Howard", "Hughes", "Jenkins", "Jordan", "Kelly", "King", "Lee", "Lewis", "Long",
      "Lopez", "Martin", "Martinez", "Miller", "Mitchell", "Moore", "Morgan", "Morris", "Murphy", "Nelson",
      "Ortiz", "Parker", "Perez", "Perry", "Phillips", "Powell", "Price", "Reed", "Richardson", "Rivera",
      "Roberts", "Robinson", "Rogers", "Ross", "Russell", "Sanchez", "Sanders", "Scott", "Stewart", "Sullivan",
      "Taylor", "Thompson", "Torres", "Turner", "Walker", "Ward", "Watson", "Wood", "Wright", "Young");

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

  /** Keys of the benchmark workloads' line-based streams: distinct everyday nouns. */
  static final String[] KEYS = {
      "apple", "anchor", "badge", "basket", "beacon", "blanket", "bottle", "bridge", "button", "cabin",
      "candle", "canvas", "carpet", "castle", "chair", "clock", "compass", "copper", "crystal", "curtain",
      "dagger", "desk", "diamond", "drum", "engine", "falcon", "feather", "fence", "flag", "forest",
      "garden", "glove", "hammer", "harbor", "helmet", "island", "jacket", "kettle", "ladder", "lantern",
      "marble", "meadow", "mirror", "needle", "orchard", "paddle", "pencil", "pillow", "planet", "pocket",
      "quarry", "ribbon", "saddle", "shovel", "signal", "temple", "ticket", "tunnel", "velvet", "wagon"};

  /**
   * {@return {@code count} distinct values of {@code category}}, in random order: single words
   * while the category has enough, then two-word values of a qualifier and a word
   */
  static List<String> values(String category, int count, Random random) {
    List<String> members = CATEGORIES.get(category);
    List<String> pool = new ArrayList<>(members);
    Collections.shuffle(pool, random);
    if (count <= pool.size()) {
      return new ArrayList<>(pool.subList(0, count));
    }
    Set<String> chosen = new LinkedHashSet<>(pool);
    int capacity = members.size() * (QUALIFIERS.size() + 1);
    if (count > capacity) {
      throw new IllegalArgumentException("category [" + category + "] has " + capacity + " distinct values, "
          + count + " asked");
    }
    while (chosen.size() < count) {
      chosen.add(pick(random, QUALIFIERS) + " " + pick(random, members));
    }
    List<String> values = new ArrayList<>(chosen);
    Collections.shuffle(values, random);
    return values;
  }

  /** {@return a full name, first and last, as NeedleBench's names are} */
  static String fullName(Random random) {
    return pick(random, FIRST_NAMES) + " " + pick(random, LAST_NAMES);
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

  static String pick(Random random, List<String> words) {
    return words.get(random.nextInt(words.size()));
  }

  private static Map<String, List<String>> categories(String... pairs) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      List<String> members = List.of(pairs[i + 1].split(" "));
      if (new LinkedHashSet<>(members).size() != members.size()) {
        throw new IllegalStateException("duplicate member in category [" + pairs[i] + "]");
      }
      out.put(pairs[i], members.stream().map(w -> w.replace('-', ' ')).toList());
    }
    return Collections.unmodifiableMap(out);
  }
}
