/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-store: builds an archive of generated briefs through the public
 * store API and measures what an editor feels: how fast sources go in,
 * how big the file gets, how long a fresh start takes to show the first
 * page of the list, and how long a search takes.
 *
 *   bench-store [--briefs N] [--dir DIR] [--keep]
 *
 * Progress goes to stderr; stdout gets a table and, as its last line, one
 * JSON object with the figures (docs/benchmarks.md keeps them).
 *
 * The text is generated, deterministically: a seeded PRNG draws words
 * from a vocabulary of a few thousand English-looking words with a
 * Zipf-like distribution, and mixes in names of people, organisations and
 * places and numbers, so FTS sees a realistic spread of very common and
 * rare terms. Two runs with the same --briefs store the same sources.
 */
#define G_LOG_DOMAIN "wd-bench-store"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "wd-test-util.h"

#define DEFAULT_BRIEFS     100000
#define PROGRESS_EVERY     10000
#define VOCABULARY_SIZE    4000
#define N_PUBLISHERS       50
#define N_ORGANIZATIONS    300
#define N_OPEN_RUNS        5
#define FIRST_PAGE         50
#define SEARCH_LIMIT       50
#define TEXT_SEED          0x5eed2026u
#define QUERY_SEED         0x0b5e55edu

/* ---------------------------------------------------------------------- */
/* A small deterministic PRNG (splitmix64): the same on every platform,
 * unlike rand(), and much faster than GRand for millions of draws. */

typedef struct {
  guint64 state;
} Prng;

static guint64
prng_next (Prng *prng)
{
  guint64 z = (prng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* A uniform integer in [lo, hi]. */
static guint
prng_range (Prng *prng, guint lo, guint hi)
{
  return lo + (guint) (prng_next (prng) % ((guint64) hi - lo + 1));
}

/* A uniform double in [0, 1). */
static double
prng_double (Prng *prng)
{
  return (prng_next (prng) >> 11) * (1.0 / 9007199254740992.0);
}

static gboolean
prng_chance (Prng *prng, double p)
{
  return prng_double (prng) < p;
}

/* One element of a static array. The draws are always made one statement
 * at a time: C leaves the order in which a call's arguments are evaluated
 * open, and the data must not depend on the compiler. */
#define PICK(prng, array) ((array)[prng_range ((prng), 0, G_N_ELEMENTS (array) - 1)])

/* ---------------------------------------------------------------------- */
/* Word material */

/* The most frequent words of English news, roughly in order: they take the
 * top ranks of the Zipf distribution. */
static const char * const common_words[] = {
  "the", "of", "to", "and", "a", "in", "that", "for", "is", "on", "said", "with",
  "was", "it", "as", "at", "by", "he", "from", "his", "be", "has", "have", "are",
  "an", "but", "not", "this", "who", "they", "will", "were", "had", "its", "would",
  "their", "which", "been", "more", "after", "about", "one", "also", "year", "new",
  "or", "than", "up", "two", "people", "when", "first", "over", "into", "could",
  "some", "last", "there", "out", "all", "other", "we", "government", "percent",
  "while", "her", "she", "time", "years", "state", "can", "only", "most", "no",
  "three", "city", "like", "president", "police", "million", "company", "week",
  "before", "because", "just", "told", "report", "made", "against", "may", "now",
  "country", "since", "officials", "public", "during", "where", "then", "between",
  "what", "until", "should", "so", "many", "under", "through", "court", "party",
  "group", "including", "those", "local", "national", "support", "plan", "next",
  "second", "former", "days", "world", "health", "election", "market", "minister",
  "council", "budget", "energy", "water", "school", "students", "workers", "union",
  "strike", "vote", "voters", "campaign", "policy", "law", "bill", "tax", "prices",
  "inflation", "bank", "rates", "economy", "growth", "trade", "tariffs", "exports",
  "oil", "gas", "power", "grid", "climate", "emissions", "storm", "flood", "fire",
  "drought", "heat", "hospital", "doctors", "patients", "vaccine", "virus", "study",
  "researchers", "data", "software", "network", "security", "attack", "breach",
  "military", "troops", "border", "migrants", "housing", "rent", "construction",
  "airport", "flights", "rail", "transit", "road", "traffic", "bridge", "port",
  "shipping", "farmers", "crops", "food", "judge", "trial", "jury", "lawyers",
  "charges", "prison", "investigation", "agency", "regulators", "rules", "license",
  "contract", "deal", "merger", "shares", "investors", "profit", "revenue", "losses",
  "jobs", "unemployment", "wages", "pension", "retirement", "insurance", "mayor",
  "governor", "senator", "parliament", "coalition", "opposition", "protest", "rally",
  "spokesperson", "statement", "interview", "announcement", "decision", "proposal",
  "review", "audit", "findings", "evidence", "risk", "crisis", "recovery", "funding",
  "grant", "program", "project", "system", "service", "services", "community",
  "residents", "families", "children", "teachers", "university", "science",
  "technology", "chips", "factory", "production", "supply", "demand", "shortage",
  "increase", "decline", "record", "quarter", "month", "morning", "evening",
  "weekend", "region", "district", "province", "county", "village", "coast",
  "island", "river", "mountain", "forest", "park", "museum", "festival", "season",
  "team", "league", "match", "coach", "players", "fans", "stadium", "title",
  "championship", "film", "music", "artist", "book", "author", "award", "prize",
  "media", "newspaper", "broadcast", "platform", "users", "app", "online", "digital",
  "privacy", "model", "models", "artificial", "intelligence", "robot", "satellite",
  "launch", "space", "mission", "orbit", "telescope", "discovery", "species",
  "wildlife", "ocean", "fishing", "plastic", "waste", "recycling", "battery",
  "electric", "vehicles", "cars", "solar", "wind", "nuclear", "reactor", "coal",
  "mine", "mining", "metals", "gold", "copper", "lithium", "steel", "price", "cost",
  "costs", "billion", "thousand", "dollars", "euros", "estimated", "expected",
  "announced", "reported", "confirmed", "denied", "warned", "approved", "rejected",
  "signed", "launched", "opened", "closed", "raised", "cut", "cuts", "reduced",
  "expanded", "delayed", "suspended", "resigned", "elected", "appointed", "arrested",
  "charged", "accused", "killed", "injured", "rescued", "evacuated", "damaged",
  "destroyed", "built", "planned", "proposed", "required", "allowed", "banned",
  "blocked", "challenged", "ruled", "filed", "sued", "settled", "paid", "owed",
  "received", "sent", "released", "published", "shared", "found", "showed",
  "suggested", "according", "however", "although", "despite", "meanwhile", "recent",
  "major", "key", "large", "small", "high", "low", "early", "late", "long", "short",
  "strong", "weak", "main", "central", "northern", "southern", "eastern", "western",
  "international", "federal", "regional", "private", "financial", "economic",
  "political", "social", "medical", "legal", "environmental", "industrial", "annual",
  "daily", "monthly", "previous", "further", "several", "few", "each", "every",
  "another", "both", "such", "same", "own", "much", "very", "still", "even",
  "already", "again", "around", "across", "among", "within", "without", "toward",
  "whether", "though", "instead", "rather", "almost", "nearly", "least", "less",
  "half", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred",
};

/* Latin-derived morphemes: combined, they give the long tail of the
 * vocabulary words that look like English ("transportation",
 * "conductive", "presumable") without shipping a dictionary. */
static const char * const prefixes[] = {
  "", "re", "pre", "con", "de", "dis", "in", "ex", "pro", "trans", "sub", "inter",
  "per", "ad", "com", "ob",
};
static const char * const roots[] = {
  "form", "port", "struct", "duct", "spect", "tract", "vers", "press", "mit", "ject",
  "pos", "cept", "dict", "graph", "scrib", "log", "phon", "rupt", "sign", "fer",
  "gress", "mov", "pend", "plic", "quir", "sist", "tain", "tend", "vent", "voc",
  "cred", "fac", "fin", "flect", "flu", "fract", "grat", "jud", "junct", "lat",
  "loc", "man", "med", "min", "mor", "nat", "nov", "pel", "plet", "sect", "sent",
  "solv", "spir", "stat", "tort", "val", "vid", "vis", "volv", "cap", "cid", "clud",
  "cur", "dom", "fort",
};
static const char * const suffixes[] = {
  "", "s", "ed", "ing", "er", "ers", "ion", "ions", "ive", "able", "al", "ance",
  "ity", "or", "ors", "ure", "ent", "ant", "ative", "ation", "ist", "ism",
};

static const char * const first_names[] = {
  "Maria", "James", "Amara", "Chen", "Olivia", "Rahul", "Sofia", "Daniel", "Aisha",
  "Lukas", "Elena", "Kwame", "Ingrid", "Mateo", "Yuki", "Hannah", "Omar", "Priya",
  "Tomas", "Leila", "Samuel", "Freya", "Diego", "Nadia", "Felix", "Grace", "Ravi",
  "Astrid", "Kofi", "Isabel", "Victor", "Mei", "Jonas", "Zara", "Hugo", "Amelia",
  "Ibrahim", "Clara", "Nikolai", "Rosa", "Ethan", "Fatima", "Pablo", "Sara",
  "Adrian", "Lena", "Marcus", "Anya", "Theo", "Carmen", "Julian", "Noor", "Henrik",
  "Lucia", "Andre", "Keiko", "Patrick", "Ines", "Samir", "Beatrice",
};
static const char * const last_names[] = {
  "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Kowalski", "Fernandes",
  "Nakamura", "Osei", "Brennan", "Castillo", "Varga", "Mensah", "Johansson",
  "Ricci", "Petrov", "Abernathy", "Delacroix", "Hoffmann", "Iyer", "Kaplan",
  "Lungu", "Marchetti", "Novak", "Oyelaran", "Pereira", "Quinlan", "Rasmussen",
  "Sato", "Thornton", "Ueda", "Vasquez", "Whitaker", "Xu", "Yilmaz", "Zubiri",
  "Achterberg", "Bianchi", "Chaudhry", "Dimitriou", "Eriksen", "Faulkner", "Gallo",
  "Halvorsen", "Ivanova", "Jaramillo", "Kimura", "Larsen", "Mbeki", "Nilsson",
  "Ortega", "Papadopoulos", "Quispe", "Rossi", "Szabo", "Tremblay", "Uchida",
  "Valdez", "Wojcik", "Yamamoto", "Zielinski", "Adeyemi", "Bergstrom", "Carvalho",
  "Duarte", "Engel", "Fitzgerald", "Gonzaga", "Hakimi", "Ishikawa", "Jovanovic",
  "Kruger", "Lemaire", "Mahlangu", "Nordin", "Oliveira", "Pham", "Rahman",
  "Sokolova", "Takahashi",
};
static const char * const places[] = {
  "Lisbon", "Nairobi", "Osaka", "Rotterdam", "Manila", "Valparaiso", "Tbilisi",
  "Accra", "Gdansk", "Tromso", "Cordoba", "Hanoi", "Marseille", "Krakow", "Leeds",
  "Pune", "Curitiba", "Bergen", "Daejeon", "Halifax", "Dunedin", "Tampere",
  "Ljubljana", "Porto", "Mombasa", "Cebu", "Antwerp", "Bilbao", "Aarhus",
  "Thessaloniki", "Izmir", "Kigali", "Lagos", "Durban", "Perth", "Adelaide",
  "Winnipeg", "Tucson", "Savannah", "Spokane", "Eindhoven", "Graz", "Brno", "Split",
  "Tartu", "Kaunas", "Malmo", "Odense", "Galway", "Cork", "Dundee", "Cardiff",
  "Nantes", "Lyon", "Turin", "Bologna", "Seville", "Valencia", "Leipzig", "Bremen",
  "Hokkaido", "Sapporo", "Chiang Mai", "Penang", "Surabaya", "Da Nang", "Cusco",
  "Arequipa", "Medellin", "Rosario", "Montevideo", "Asuncion", "Windhoek", "Lusaka",
  "Harare", "Dakar", "Tunis", "Oran", "Muscat", "Doha",
};
static const char * const org_kinds[] = {
  "Holdings", "Group", "Partners", "Labs", "Industries", "Capital", "Energy",
  "Systems", "Foundation", "Institute", "Logistics", "Robotics", "Pharmaceuticals",
  "Bank", "Airlines",
};
static const char * const place_orgs[] = {
  "City Council", "Port Authority", "University", "Water Board", "Chamber of Commerce",
  "Transit Agency", "General Hospital", "Police Department", "Regional Court",
  "Energy Cooperative",
};
static const char * const paper_kinds[] = {
  "Courier", "Herald", "Ledger", "Tribune", "Gazette", "Post", "Times", "Chronicle",
  "Observer", "Review", "Dispatch", "Journal", "Sentinel", "Standard", "Examiner",
};

typedef struct {
  char *name;
  char *domain;
} Publisher;

typedef struct {
  GPtrArray *words;       /* vocabulary, most frequent first (char *) */
  double    *cdf;         /* cumulative Zipf weights, words->len of them */
  GPtrArray *orgs;        /* organisation names (char *) */
  Publisher  publishers[N_PUBLISHERS];
  double     publisher_cdf[N_PUBLISHERS];
} Corpus;

static void
add_word (GPtrArray *words, GHashTable *seen, const char *word)
{
  if (g_hash_table_contains (seen, word))
    return;
  g_ptr_array_add (words, g_strdup (word));
  g_hash_table_add (seen, g_ptr_array_index (words, words->len - 1));
}

/* Zipf-Mandelbrot weights 1 / (rank + q)^s over @n ranks, as a CDF. */
static void
fill_zipf_cdf (double *cdf, guint n, double s, double q)
{
  double total = 0;

  for (guint i = 0; i < n; i++)
    {
      total += 1.0 / pow (i + 1 + q, s);
      cdf[i] = total;
    }
  for (guint i = 0; i < n; i++)
    cdf[i] /= total;
}

static guint
sample_cdf (Prng *prng, const double *cdf, guint n)
{
  double u = prng_double (prng);
  guint lo = 0, hi = n - 1;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (cdf[mid] <= u)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
shuffle (Prng *prng, gpointer *items, guint n)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = prng_range (prng, 0, i - 1);
      gpointer tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }
}

static char *
slugify (const char *text)
{
  GString *slug = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (dash && slug->len > 0)
            g_string_append_c (slug, '-');
          g_string_append_c (slug, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else
        dash = TRUE;
    }
  return g_string_free (slug, FALSE);
}

static void
corpus_init (Corpus *corpus)
{
  Prng prng = { TEXT_SEED };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) generated = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) org_seen = g_hash_table_new (g_str_hash, g_str_equal);

  corpus->words = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (common_words); i++)
    add_word (corpus->words, seen, common_words[i]);

  for (guint p = 0; p < G_N_ELEMENTS (prefixes); p++)
    for (guint r = 0; r < G_N_ELEMENTS (roots); r++)
      for (guint s = 0; s < G_N_ELEMENTS (suffixes); s++)
        g_ptr_array_add (generated, g_strconcat (prefixes[p], roots[r], suffixes[s], NULL));
  shuffle (&prng, generated->pdata, generated->len);
  for (guint i = 0; i < generated->len && corpus->words->len < VOCABULARY_SIZE; i++)
    add_word (corpus->words, seen, g_ptr_array_index (generated, i));

  corpus->cdf = g_new (double, corpus->words->len);
  fill_zipf_cdf (corpus->cdf, corpus->words->len, 1.0, 2.7);

  corpus->orgs = g_ptr_array_new_with_free_func (g_free);
  while (corpus->orgs->len < N_ORGANIZATIONS)
    {
      const char *first, *second;
      char *org;

      if (prng_chance (&prng, 0.6))
        {
          first = PICK (&prng, last_names);
          second = PICK (&prng, org_kinds);
        }
      else
        {
          first = PICK (&prng, places);
          second = PICK (&prng, place_orgs);
        }
      org = g_strdup_printf ("%s %s", first, second);
      if (g_hash_table_contains (org_seen, org))
        {
          g_free (org);
          continue;
        }
      g_ptr_array_add (corpus->orgs, org);
      g_hash_table_add (org_seen, org);
    }

  /* Publishers: mostly "The <Place> <Paper>", a few wire services and
   * magazines, each with its own domain. Distinct places keep the names
   * unique. */
  {
    g_autoptr(GPtrArray) shuffled_places = g_ptr_array_new ();

    for (guint i = 0; i < G_N_ELEMENTS (places); i++)
      g_ptr_array_add (shuffled_places, (gpointer) places[i]);
    shuffle (&prng, shuffled_places->pdata, shuffled_places->len);

    for (guint i = 0; i < N_PUBLISHERS; i++)
      {
        Publisher *pub = &corpus->publishers[i];
        const char *place = g_ptr_array_index (shuffled_places, i);
        g_autofree char *slug = NULL;

        if (i % 10 == 9)
          pub->name = g_strdup_printf ("%s Wire", place);
        else if (i % 10 == 4)
          pub->name = g_strdup_printf ("%s Weekly Review", place);
        else
          pub->name = g_strdup_printf ("The %s %s", place, PICK (&prng, paper_kinds));
        slug = slugify (pub->name);
        pub->domain = g_strdup_printf ("%s.example", slug);
      }
    fill_zipf_cdf (corpus->publisher_cdf, N_PUBLISHERS, 0.8, 1.0);
  }
}

static void
corpus_clear (Corpus *corpus)
{
  g_clear_pointer (&corpus->words, g_ptr_array_unref);
  g_clear_pointer (&corpus->cdf, g_free);
  g_clear_pointer (&corpus->orgs, g_ptr_array_unref);
  for (guint i = 0; i < N_PUBLISHERS; i++)
    {
      g_clear_pointer (&corpus->publishers[i].name, g_free);
      g_clear_pointer (&corpus->publishers[i].domain, g_free);
    }
}

static const char *
corpus_word (const Corpus *corpus, Prng *prng)
{
  return g_ptr_array_index (corpus->words,
                            sample_cdf (prng, corpus->cdf, corpus->words->len));
}

/* A word for a title: titles skip the function words at the very top. */
static const char *
corpus_title_word (const Corpus *corpus, Prng *prng)
{
  for (;;)
    {
      guint rank = sample_cdf (prng, corpus->cdf, corpus->words->len);

      if (rank >= 40)
        return g_ptr_array_index (corpus->words, rank);
    }
}

static char *
person_name (Prng *prng)
{
  const char *first = PICK (prng, first_names);
  const char *last = PICK (prng, last_names);

  return g_strdup_printf ("%s %s", first, last);
}

static void
append_number (GString *out, Prng *prng)
{
  guint kind = prng_range (prng, 0, 4);
  guint a, b;

  switch (kind)
    {
    case 0:
      g_string_append_printf (out, "%u", prng_range (prng, 2, 950));
      break;
    case 1:
      a = prng_range (prng, 0, 60);
      b = prng_range (prng, 0, 9);
      g_string_append_printf (out, "%u.%u percent", a, b);
      break;
    case 2:
      g_string_append_printf (out, "%u", prng_range (prng, 1990, 2030));
      break;
    case 3:
      a = prng_range (prng, 1, 900);
      b = prng_range (prng, 0, 9);
      g_string_append_printf (out, "$%u.%u million", a, b);
      break;
    default:
      a = prng_range (prng, 1, 99);
      b = prng_range (prng, 0, 999);
      g_string_append_printf (out, "%u,%03u", a, b);
      break;
    }
}

/*
 * One article body: @n_words words in paragraphs of 3-6 sentences of 8-24
 * words. Each article has a small cast (people, an organisation, places)
 * that it names again and again, as news does.
 */
static char *
generate_text (const Corpus *corpus, Prng *prng, guint n_words)
{
  GString *out = g_string_sized_new (n_words * 7);
  char *people[3];
  const char *org = g_ptr_array_index (corpus->orgs,
                                       prng_range (prng, 0, corpus->orgs->len - 1));
  const char *place[2];
  gboolean named[3] = { FALSE, };
  guint words = 0;
  guint sentences_left = prng_range (prng, 3, 6);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    people[i] = person_name (prng);
  for (guint i = 0; i < G_N_ELEMENTS (place); i++)
    place[i] = PICK (prng, places);

  while (words < n_words)
    {
      guint len = MIN (prng_range (prng, 8, 24), n_words - words);
      gboolean start = TRUE;

      for (guint w = 0; w < len; w++)
        {
          double roll = prng_double (prng);
          gsize before;

          if (!start)
            g_string_append_c (out, ' ');
          before = out->len;

          if (roll < 0.03)
            {
              guint who = prng_range (prng, 0, G_N_ELEMENTS (people) - 1);

              /* The full name the first time, the surname after that. */
              if (named[who])
                g_string_append (out, strchr (people[who], ' ') + 1);
              else
                g_string_append (out, people[who]);
              named[who] = TRUE;
            }
          else if (roll < 0.04)
            g_string_append (out, org);
          else if (roll < 0.06)
            g_string_append (out, place[prng_range (prng, 0, 1)]);
          else if (roll < 0.09)
            append_number (out, prng);
          else
            g_string_append (out, corpus_word (corpus, prng));

          if (start)
            out->str[before] = g_ascii_toupper (out->str[before]);
          start = FALSE;
          if (w + 1 < len && prng_chance (prng, 0.07))
            g_string_append_c (out, ',');
        }
      g_string_append_c (out, '.');
      words += len;

      if (words >= n_words)
        break;
      if (--sentences_left == 0)
        {
          g_string_append (out, "\n\n");
          sentences_left = prng_range (prng, 3, 6);
        }
      else
        g_string_append_c (out, ' ');
    }

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_free (people[i]);
  return g_string_free (out, FALSE);
}

static char *
generate_title (const Corpus *corpus, Prng *prng)
{
  GString *out = g_string_new (NULL);
  guint n = prng_range (prng, 6, 12);
  guint name_at = prng_chance (prng, 0.4) ? prng_range (prng, 0, n - 1) : G_MAXUINT;

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      if (i == name_at)
        {
          if (prng_chance (prng, 0.5))
            g_string_append (out, PICK (prng, places));
          else
            g_string_append (out, PICK (prng, last_names));
        }
      else
        g_string_append (out, corpus_title_word (corpus, prng));
    }
  out->str[0] = g_ascii_toupper (out->str[0]);
  return g_string_free (out, FALSE);
}

/* Source @index of @n_total: published over three years, oldest first. */
static WdSource *
generate_source (const Corpus *corpus, Prng *prng, guint index, guint n_total)
{
  g_autoptr(WdSource) source = wd_source_new ();
  g_autoptr(GDateTime) epoch = g_date_time_new_utc (2023, 1, 1, 6, 0, 0);
  g_autoptr(GDateTime) published = NULL;
  g_autoptr(GDateTime) fetched = NULL;
  const Publisher *pub = &corpus->publishers[sample_cdf (prng, corpus->publisher_cdf,
                                                         N_PUBLISHERS)];
  g_autofree char *title = generate_title (corpus, prng);
  g_autofree char *text = generate_text (corpus, prng, prng_range (prng, 600, 900));
  g_autofree char *byline = person_name (prng);
  g_autofree char *slug = slugify (title);
  g_autofree char *url = NULL;
  double span = 3.0 * 365 * 24 * 3600;

  published = g_date_time_add_seconds (epoch, span * index / MAX (n_total, 1)
                                       + prng_range (prng, 0, 3600));
  fetched = g_date_time_add_seconds (published, prng_range (prng, 60, 6 * 3600));
  url = g_strdup_printf ("https://%s/%04d/%02d/%.60s-%u", pub->domain,
                         g_date_time_get_year (published),
                         g_date_time_get_month (published), slug, index + 1);

  wd_source_set_url (source, url);
  wd_source_set_canonical_url (source, url);
  wd_source_set_publisher_name (source, pub->name);
  wd_source_set_publisher_domain (source, pub->domain);
  wd_source_set_title (source, title);
  wd_source_set_byline (source, byline);
  wd_source_set_published_at (source, published);
  wd_source_set_language (source, "en");
  wd_source_set_text (source, text);
  wd_source_set_fetched_at (source, fetched);

  return g_steal_pointer (&source);
}

/* ---------------------------------------------------------------------- */
/* Queries */

typedef enum {
  QUERY_COMMON,
  QUERY_RARE,
  QUERY_NAME,
  QUERY_TWO,
  QUERY_THREE,
  QUERY_PREFIX,
  QUERY_NO_HITS,
  N_QUERY_KINDS
} QueryKind;

static const struct {
  const char *label;
  guint       count;
} query_kinds[N_QUERY_KINDS] = {
  [QUERY_COMMON] = { "common word", 40 },
  [QUERY_RARE] = { "rare word", 30 },
  [QUERY_NAME] = { "name", 30 },
  [QUERY_TWO] = { "two words", 40 },
  [QUERY_THREE] = { "three words", 30 },
  [QUERY_PREFIX] = { "prefix", 20 },
  [QUERY_NO_HITS] = { "no hits", 10 },
};

typedef struct {
  char     *text;
  QueryKind kind;
  double    ms;
  guint     hits;
} Query;

static void
query_clear (gpointer data)
{
  Query *query = data;

  g_free (query->text);
}

static const char *
word_in_ranks (const Corpus *corpus, Prng *prng, guint lo, guint hi)
{
  hi = MIN (hi, corpus->words->len - 1);
  return g_ptr_array_index (corpus->words, prng_range (prng, lo, hi));
}

/* Common: ranks 10-399 (past the bare function words, but including words
 * in most articles); rare: the last third of the vocabulary. */
static const char *
common_word (const Corpus *corpus, Prng *prng)
{
  return word_in_ranks (corpus, prng, 10, 399);
}

static const char *
rare_word (const Corpus *corpus, Prng *prng)
{
  return word_in_ranks (corpus, prng, corpus->words->len * 2 / 3, corpus->words->len - 1);
}

static char *
name_query (Prng *prng)
{
  switch (prng_range (prng, 0, 3))
    {
    case 0:
      return g_strdup (PICK (prng, last_names));
    case 1:
      return person_name (prng);
    case 2:
      return g_strdup (PICK (prng, places));
    default:
      {
        const char *name = PICK (prng, last_names);
        const char *kind = PICK (prng, org_kinds);

        return g_strdup_printf ("%s %s", name, kind);
      }
    }
}

/* Made-up words no generated text contains. */
static char *
nonsense_word (Prng *prng)
{
  static const char * const parts[] = { "qu", "zx", "vrk", "yph", "jw", "xo", "kz", "wq" };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < 3; i++)
    g_string_append (out, PICK (prng, parts));
  return g_string_free (out, FALSE);
}

static GArray *
generate_queries (const Corpus *corpus)
{
  Prng prng = { QUERY_SEED };
  GArray *queries = g_array_new (FALSE, TRUE, sizeof (Query));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_array_set_clear_func (queries, query_clear);

  for (guint kind = 0; kind < N_QUERY_KINDS; kind++)
    for (guint i = 0; i < query_kinds[kind].count; i++)
      {
        Query query = { NULL, kind, 0, 0 };
        const char *w[3];

        switch ((QueryKind) kind)
          {
          case QUERY_COMMON:
            query.text = g_strdup (common_word (corpus, &prng));
            break;
          case QUERY_RARE:
            query.text = g_strdup (rare_word (corpus, &prng));
            break;
          case QUERY_NAME:
            query.text = name_query (&prng);
            break;
          case QUERY_TWO:
            if (i % 4 == 0)
              w[0] = common_word (corpus, &prng);
            else if (i % 4 == 3)
              w[0] = PICK (&prng, last_names);
            else
              w[0] = common_word (corpus, &prng);
            if (i % 4 == 0 || i % 4 == 3)
              w[1] = common_word (corpus, &prng);
            else
              w[1] = rare_word (corpus, &prng);
            query.text = g_strdup_printf ("%s %s", w[0], w[1]);
            break;
          case QUERY_THREE:
            w[0] = common_word (corpus, &prng);
            if (i % 3 == 0)
              {
                w[1] = common_word (corpus, &prng);
                w[2] = common_word (corpus, &prng);
              }
            else
              {
                w[1] = word_in_ranks (corpus, &prng, 400, 2000);
                w[2] = rare_word (corpus, &prng);
              }
            query.text = g_strdup_printf ("%s %s %s", w[0], w[1], w[2]);
            break;
          case QUERY_PREFIX:
            {
              /* What a user has typed so far of a longer word: the
               * search treats the last term as a prefix. */
              const char *word;

              do
                word = word_in_ranks (corpus, &prng, 100, corpus->words->len - 1);
              while (strlen (word) < 7);
              query.text = g_strndup (word, prng_range (&prng, 3, 6));
            }
            break;
          case QUERY_NO_HITS:
            if (i % 2 == 0)
              query.text = nonsense_word (&prng);
            else
              {
                g_autofree char *nonsense = nonsense_word (&prng);

                w[0] = common_word (corpus, &prng);
                query.text = g_strdup_printf ("%s %s", w[0], nonsense);
              }
            break;
          case N_QUERY_KINDS:
          default:
            g_assert_not_reached ();
          }
        /* 200 different queries: a repeat would only measure the cache. */
        if (!g_hash_table_add (seen, g_ascii_strdown (query.text, -1)))
          {
            g_free (query.text);
            i--;
            continue;
          }
        g_array_append_val (queries, query);
      }

  return queries;
}

/* ---------------------------------------------------------------------- */
/* Measuring */

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile of @n sorted values. */
static double
percentile (const double *sorted, guint n, double p)
{
  guint rank;

  if (n == 0)
    return 0;
  rank = (guint) ceil (p / 100.0 * n);
  return sorted[CLAMP (rank, 1, n) - 1];
}

static double
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

static double
peak_rss_mb (int who)
{
  struct rusage usage;

  if (getrusage (who, &usage) != 0)
    return 0;
  /* ru_maxrss is in KiB on Linux. */
  return usage.ru_maxrss / 1024.0;
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;
  return st.st_size;
}

/* The store emits "changed" on the main context of the thread that opened
 * it; nothing else runs that context here, so run it now and then rather
 * than let the emissions pile up. */
static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_unlink (path) != 0)
        g_printerr ("bench-store: could not remove %s\n", path);
    }
  if (g_rmdir (dir) != 0)
    g_printerr ("bench-store: could not remove %s\n", dir);
}

/* The hidden child mode: one fresh process that opens the archive, counts
 * the briefs and reads the first page of the list, as the app does at
 * start-up. It prints its own figures on one line for the parent. */
static int
run_open_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 start = g_get_monotonic_time ();
  double open_ms, count_ms;
  guint count;

  store = wd_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }
  open_ms = ms_since (start);
  count = wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error);
  if (error != NULL)
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }
  count_ms = ms_since (start);
  rows = wd_store_list_briefs (store, WD_BRIEF_FILTER_ALL, 0, FIRST_PAGE, &error);
  if (rows == NULL)
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }

  g_print ("open-first-page ms=%.3f open=%.3f count=%.3f briefs=%u rows=%u rss_mb=%.1f\n",
           ms_since (start), open_ms, count_ms - open_ms, count, rows->len,
           peak_rss_mb (RUSAGE_SELF));
  return 0;
}

typedef struct {
  double ms;
  double open_ms;
  double count_ms;
  guint  count;
  guint  rows;
  double rss_mb;
} OpenRun;

static gboolean
spawn_open_child (const char *path, OpenRun *run, GError **error)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *line;
  int status;

  if (self == NULL)
    return FALSE;
  {
    const char *argv[] = { self, "--open-child", path, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                       &out, &err, &status, error))
      return FALSE;
  }
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s", err != NULL ? err : "");
      return FALSE;
    }
  line = strstr (out, "open-first-page ");
  if (line == NULL
      || sscanf (line, "open-first-page ms=%lf open=%lf count=%lf briefs=%u rows=%u "
                 "rss_mb=%lf", &run->ms, &run->open_ms, &run->count_ms, &run->count,
                 &run->rows, &run->rss_mb) != 6)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The open child printed no figures: %s", out);
      return FALSE;
    }
  return TRUE;
}

static int
compare_open_runs (gconstpointer a, gconstpointer b)
{
  return compare_doubles (&((const OpenRun *) a)->ms, &((const OpenRun *) b)->ms);
}

static gboolean
run_queries (WdStore *store, GArray *queries, gboolean record, GError **error)
{
  for (guint i = 0; i < queries->len; i++)
    {
      Query *query = &g_array_index (queries, Query, i);
      g_autoptr(GPtrArray) hits = NULL;
      gint64 start = g_get_monotonic_time ();

      hits = wd_store_search (store, query->text, SEARCH_LIMIT, error);
      if (hits == NULL)
        {
          g_prefix_error (error, "Searching for \"%s\" failed: ", query->text);
          return FALSE;
        }
      if (record)
        {
          query->ms = ms_since (start);
          query->hits = hits->len;
        }
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */

static void
die (const char *what, GError *error)
{
  g_printerr ("bench-store: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

int
main (int argc, char **argv)
{
  int n_briefs = DEFAULT_BRIEFS;
  g_autofree char *base_dir = NULL;
  g_autofree char *open_child = NULL;
  gboolean keep = FALSE;
  const GOptionEntry entries[] = {
    { "briefs", 0, 0, G_OPTION_ARG_INT, &n_briefs,
      "How many briefs to build (default 100000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &base_dir,
      "Make the temporary archive directory inside DIR", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep,
      "Keep the archive afterwards and print its path", NULL },
    { "open-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &open_child,
      NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdStore) store = NULL;
  g_autoptr(GArray) queries = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal_path = NULL;
  g_autofree double *sorted = NULL;
  Corpus corpus = { NULL, };
  Prng prng = { TEXT_SEED };
  OpenRun runs[N_OPEN_RUNS], sorted_runs[N_OPEN_RUNS];
  const OpenRun *median_run;
  guint64 db_bytes, wal_bytes, closed_bytes;
  gint64 start;
  double build_s, insert_per_s, archive_mb, closed_mb, open_ms, p50, p95;
  double rss_self_mb, rss_child_mb = 0, rss_mb;
  guint existed_count = 0, count;

  context = g_option_context_new ("- build a generated archive and measure it");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 2;
    }
  if (open_child != NULL)
    return run_open_child (open_child);
  if (n_briefs < 1)
    {
      g_printerr ("bench-store: --briefs needs a positive number.\n");
      return 2;
    }

  if (base_dir != NULL)
    {
      g_autofree char *tmpl = g_build_filename (base_dir, "wiredesk-bench-XXXXXX", NULL);

      if (g_mkdir_with_parents (base_dir, 0700) != 0 || g_mkdtemp (tmpl) == NULL)
        {
          g_printerr ("bench-store: Could not make a directory in %s; "
                      "pass a writable --dir.\n", base_dir);
          return 1;
        }
      dir = g_steal_pointer (&tmpl);
    }
  else
    {
      dir = g_dir_make_tmp ("wiredesk-bench-XXXXXX", &error);
      if (dir == NULL)
        die ("making the temporary directory", error);
    }
  path = g_build_filename (dir, "archive.db", NULL);
  wal_path = g_strconcat (path, "-wal", NULL);

  corpus_init (&corpus);
  g_printerr ("bench-store: building %d briefs in %s (vocabulary %u words)\n",
              n_briefs, path, corpus.words->len);

  /* 1. Build. */
  start = g_get_monotonic_time ();
  store = wd_store_open (path, &error);
  if (store == NULL)
    die ("opening the new archive", error);
  for (guint i = 0; i < (guint) n_briefs; i++)
    {
      g_autoptr(WdSource) source = generate_source (&corpus, &prng, i, n_briefs);
      gboolean existed = FALSE;

      if (wd_store_add_source (store, source, &existed, &error) <= 0)
        die ("adding a source", error);
      existed_count += existed;

      if (i % 64 == 63)
        drain_main_context ();
      if ((i + 1) % PROGRESS_EVERY == 0)
        {
          double s = ms_since (start) / 1000.0;

          g_printerr ("bench-store: %7u briefs  %6.1f s  %6.0f briefs/s  RSS %.0f MB\n",
                      i + 1, s, (i + 1) / s, peak_rss_mb (RUSAGE_SELF));
        }
    }
  drain_main_context ();
  build_s = ms_since (start) / 1000.0;
  insert_per_s = n_briefs / build_s;

  db_bytes = file_size (path);
  wal_bytes = file_size (wal_path);
  archive_mb = (db_bytes + wal_bytes) / 1e6;

  count = wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error);
  if (error != NULL)
    die ("counting the briefs", error);
  if (count != (guint) n_briefs || existed_count != 0)
    {
      g_printerr ("bench-store: the archive holds %u briefs (%u sources counted as "
                  "existing), expected %d.\n", count, existed_count, n_briefs);
      return 1;
    }

  /* Closing the last connection checkpoints the WAL into the file. */
  g_clear_object (&store);
  drain_main_context ();
  closed_bytes = file_size (path) + file_size (wal_path);
  closed_mb = closed_bytes / 1e6;

  /* 2. Fresh processes: open + count + first page. */
  g_printerr ("bench-store: open + first page, %d fresh processes\n", N_OPEN_RUNS);
  for (guint i = 0; i < N_OPEN_RUNS; i++)
    {
      if (!spawn_open_child (path, &runs[i], &error))
        die ("the open + first page run", error);
      if (runs[i].count != count || runs[i].rows != MIN (count, FIRST_PAGE))
        {
          g_printerr ("bench-store: the open child saw %u briefs and %u rows, "
                      "expected %u and %u.\n", runs[i].count, runs[i].rows, count,
                      MIN (count, FIRST_PAGE));
          return 1;
        }
      rss_child_mb = MAX (rss_child_mb, runs[i].rss_mb);
    }
  /* N_OPEN_RUNS is odd: the median is one real run, whose parts the
   * table shows. */
  G_STATIC_ASSERT (N_OPEN_RUNS % 2 == 1);
  memcpy (sorted_runs, runs, sizeof runs);
  qsort (sorted_runs, N_OPEN_RUNS, sizeof (OpenRun), compare_open_runs);
  median_run = &sorted_runs[N_OPEN_RUNS / 2];
  open_ms = median_run->ms;
  rss_child_mb = MAX (rss_child_mb, peak_rss_mb (RUSAGE_CHILDREN));

  /* 3. Search: one warm-up pass, then the measured one. */
  store = wd_store_open (path, &error);
  if (store == NULL)
    die ("reopening the archive", error);
  queries = generate_queries (&corpus);
  g_printerr ("bench-store: %u searches (warm-up pass, then measured)\n", queries->len);
  if (!run_queries (store, queries, FALSE, &error)
      || !run_queries (store, queries, TRUE, &error))
    die ("searching", error);
  drain_main_context ();

  sorted = g_new (double, queries->len);
  for (guint i = 0; i < queries->len; i++)
    sorted[i] = g_array_index (queries, Query, i).ms;
  qsort (sorted, queries->len, sizeof (double), compare_doubles);
  p50 = percentile (sorted, queries->len, 50);
  p95 = percentile (sorted, queries->len, 95);

  g_clear_object (&store);
  drain_main_context ();

  rss_self_mb = peak_rss_mb (RUSAGE_SELF);
  rss_mb = MAX (rss_self_mb, rss_child_mb);

  /* The table. */
  g_print ("Wiredesk archive benchmark (tests/bench/bench-store.c)\n\n");
  g_print ("  %-28s %u\n", "briefs", count);
  g_print ("  %-28s %.0f briefs/s  (%.1f s in all)\n", "insert rate", insert_per_s, build_s);
  g_print ("  %-28s %.1f MB  (file %.1f + wal %.1f; %.1f MB once closed)\n",
           "archive size", archive_mb, db_bytes / 1e6, wal_bytes / 1e6, closed_mb);
  g_print ("  %-28s %.1f ms  (median of %d fresh processes:", "open + count + first page",
           open_ms, N_OPEN_RUNS);
  for (guint i = 0; i < N_OPEN_RUNS; i++)
    g_print (" %.1f", runs[i].ms);
  g_print (")\n");
  g_print ("  %-28s open %.1f + count %.1f + first %d rows %.1f ms\n", "  of which",
           median_run->open_ms, median_run->count_ms, FIRST_PAGE,
           median_run->ms - median_run->open_ms - median_run->count_ms);
  g_print ("  %-28s p50 %.2f ms, p95 %.2f ms, max %.2f ms  (%u queries, limit %d)\n",
           "search", p50, p95, sorted[queries->len - 1], queries->len, SEARCH_LIMIT);
  g_print ("  %-28s %.1f MB this process, %.1f MB the open child\n", "peak RSS",
           rss_self_mb, rss_child_mb);

  g_print ("\n  %-14s %4s %9s %9s %9s %10s\n", "search kind", "n", "p50 ms", "p95 ms",
           "max ms", "mean hits");
  for (guint kind = 0; kind < N_QUERY_KINDS; kind++)
    {
      g_autofree double *ms = g_new (double, query_kinds[kind].count);
      guint n = 0, hits = 0;

      for (guint i = 0; i < queries->len; i++)
        {
          const Query *query = &g_array_index (queries, Query, i);

          if (query->kind != kind)
            continue;
          ms[n++] = query->ms;
          hits += query->hits;
        }
      qsort (ms, n, sizeof (double), compare_doubles);
      g_print ("  %-14s %4u %9.2f %9.2f %9.2f %10.1f\n", query_kinds[kind].label, n,
               percentile (ms, n, 50), percentile (ms, n, 95), n ? ms[n - 1] : 0,
               n ? (double) hits / n : 0);
    }

  {
    g_autoptr(GPtrArray) slowest = g_ptr_array_new ();

    for (guint i = 0; i < queries->len; i++)
      g_ptr_array_add (slowest, &g_array_index (queries, Query, i));
    for (guint i = 0; i < slowest->len; i++)
      for (guint j = i + 1; j < slowest->len; j++)
        if (((Query *) slowest->pdata[j])->ms > ((Query *) slowest->pdata[i])->ms)
          {
            gpointer tmp = slowest->pdata[i];

            slowest->pdata[i] = slowest->pdata[j];
            slowest->pdata[j] = tmp;
          }
    g_print ("\n  slowest searches\n");
    for (guint i = 0; i < MIN (8, slowest->len); i++)
      {
        const Query *query = slowest->pdata[i];

        g_print ("  %9.2f ms  %3u hits  %-12s \"%s\"\n", query->ms, query->hits,
                 query_kinds[query->kind].label, query->text);
      }
  }

  if (keep)
    g_print ("\n  archive kept at %s\n", path);
  else
    remove_dir (dir);
  g_print ("\n");

  {
    char buf[6][G_ASCII_DTOSTR_BUF_SIZE];

    /* JSON wants a '.' whatever LC_NUMERIC says. */
    g_print ("{\"briefs\":%u, \"insert_per_s\":%s, \"archive_mb\":%s, "
             "\"open_first_page_ms\":%s, \"search_p50_ms\":%s, \"search_p95_ms\":%s, "
             "\"peak_rss_mb\":%s}\n",
             count,
             g_ascii_formatd (buf[0], sizeof buf[0], "%.1f", insert_per_s),
             g_ascii_formatd (buf[1], sizeof buf[1], "%.1f", archive_mb),
             g_ascii_formatd (buf[2], sizeof buf[2], "%.2f", open_ms),
             g_ascii_formatd (buf[3], sizeof buf[3], "%.2f", p50),
             g_ascii_formatd (buf[4], sizeof buf[4], "%.2f", p95),
             g_ascii_formatd (buf[5], sizeof buf[5], "%.1f", rss_mb));
  }

  corpus_clear (&corpus);
  return 0;
}
