/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli"

#include <json-glib/json-glib.h>

#include "wd-test-util.h"

/*
 * These tests run the real wiredesk-cli ($WIREDESK_CLI) as a user would,
 * against archives in temporary directories, and look only at what a user
 * sees: stdout, stderr, the exit status and the files.
 */

typedef struct {
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

/* Runs wiredesk-cli with @args; WIREDESK_DB is set to @env_db, or unset. */
static void
run_cli_env (CliResult          *result,
             const char         *env_db,
             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("WIREDESK_CLI");
  g_autofree char *command_line = NULL;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  command_line = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("running: %s", command_line);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Comparable output: UTF-8, dates in UTC, and not a terminal. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "TZ", "UTC", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "COLUMNS");
  /* GLib isolates this process's XDG dirs without exporting them. */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  if (env_db != NULL)
    g_subprocess_launcher_setenv (launcher, "WIREDESK_DB", env_db, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "WIREDESK_DB");

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                          &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);

  /* A crash (or a g_warning made fatal by G_DEBUG) is never an answer. */
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  g_test_message ("status %d\nstdout: %s\nstderr: %s", result->status, result->out,
                  result->err);
}

#define run_cli(result, ...) \
  run_cli_env ((result), NULL, (const char * const[]) { __VA_ARGS__, NULL })

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* What every error must look like: one line on stderr, nothing on stdout. */
static void
assert_one_line_error (const CliResult *result,
                       int              status)
{
  g_assert_cmpint (result->status, ==, status);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "wiredesk-cli: "));
  g_assert_cmpuint (count_lines (result->err), ==, 1);
  g_assert_true (g_str_has_suffix (result->err, "\n"));
}

typedef struct {
  char *dir;
  char *db;
} Archive;

static void
archive_clear (Archive *archive)
{
  g_clear_pointer (&archive->dir, g_free);
  g_clear_pointer (&archive->db, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Archive, archive_clear)

static void
archive_init (Archive *archive)
{
  archive->dir = wd_test_make_tmpdir ();
  archive->db = g_build_filename (archive->dir, "archive.db", NULL);
}

static char *
write_text (const Archive *archive,
            const char    *name,
            const char    *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (archive->dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Adds a source through the CLI and returns the brief id it printed. */
static gint64
add_source (const Archive *archive,
            const char    *title,
            const char    *url,
            const char    *publisher,
            const char    *text)
{
  g_auto(CliResult) result = { 0, };
  g_autofree char *name = g_strdup_printf ("text-%u.txt", g_str_hash (url));
  g_autofree char *file = write_text (archive, name, text);
  guint64 id = 0;

  if (publisher != NULL)
    run_cli (&result, "--db", archive->db, "add-source", "--title", title, "--url", url,
             "--text-file", file, "--publisher", publisher);
  else
    run_cli (&result, "--db", archive->db, "add-source", "--title", title, "--url", url,
             "--text-file", file);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_true (g_str_has_suffix (result.out, "\n"));
  result.out[strlen (result.out) - 1] = '\0';
  g_assert_true (g_ascii_string_to_unsigned (result.out, 10, 1, G_MAXINT64, &id, NULL));

  return (gint64) id;
}

static const char pelican_text[] =
  "The pelican migration reached the estuary two weeks early this year, "
  "researchers said on Tuesday. Counts at the northern station rose by "
  "a third compared with last spring.";

static const char turbine_text[] =
  "A new offshore turbine design lowers maintenance costs, the manufacturer "
  "claims. Independent engineers want field data from the estuary pilot first.";

static const char budget_text[] =
  "The city council approved a budget that funds two new libraries and "
  "repairs to the estuary sea wall, after a long night of debate.";

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_iso8601_utc (JsonObject *object,
                    const char *member)
{
  const char *text = json_object_get_string_member (object, member);
  g_autoptr(GDateTime) time = NULL;

  g_assert_nonnull (text);
  g_assert_true (g_str_has_suffix (text, "Z"));
  time = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (time);
}

static void
assert_brief_keys (JsonObject *brief)
{
  const char *keys[] = {
    "id", "uuid", "status", "headline", "title", "publisher", "source",
    "created_at", "updated_at",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (brief, keys[i]));
  g_assert_cmpint (json_object_get_int_member (brief, "id"), >, 0);
  g_assert_cmpuint (strlen (json_object_get_string_member (brief, "uuid")), ==, 36);
  assert_iso8601_utc (brief, "created_at");
  assert_iso8601_utc (brief, "updated_at");
  g_assert_nonnull (json_object_get_object_member (brief, "source"));
}

static void
test_add_source (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) result = { 0, };
  g_autofree char *file = NULL;
  g_autofree char *expected = NULL;
  gint64 id, other;

  archive_init (&archive);
  id = add_source (&archive, "Pelicans arrive early", "https://news.example.org/pelicans",
                   "Example News", pelican_text);

  /* The same article again is the same brief, and says so. */
  file = write_text (&archive, "again.txt", pelican_text);
  run_cli (&result, "--db", archive.db, "add-source", "--title", "Pelicans arrive early",
           "--url", "https://news.example.org/pelicans", "--text-file", file,
           "--publisher", "Example News");
  g_assert_cmpint (result.status, ==, 0);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " (existing)\n", id);
  g_assert_cmpstr (result.out, ==, expected);
  g_assert_cmpstr (result.err, ==, "");

  other = add_source (&archive, "Turbines", "https://energy.example.com/turbines", NULL,
                      turbine_text);
  g_assert_cmpint (other, !=, id);
}

static void
test_add_source_errors (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) missing = { 0, };
  g_auto(CliResult) unreadable = { 0, };
  g_auto(CliResult) bad_url = { 0, };
  g_auto(CliResult) not_utf8 = { 0, };
  g_autofree char *nowhere = NULL;
  g_autofree char *latin1 = NULL;
  g_autofree char *file = NULL;

  archive_init (&archive);
  file = write_text (&archive, "ok.txt", pelican_text);
  nowhere = g_build_filename (archive.dir, "no-such-file.txt", NULL);
  latin1 = write_text (&archive, "latin1.txt", "caf\xe9 au lait\n");

  run_cli (&missing, "--db", archive.db, "add-source", "--title", "T",
           "--url", "https://example.org/a");
  assert_one_line_error (&missing, 2);
  g_assert_nonnull (strstr (missing.err, "--text-file"));

  run_cli (&unreadable, "--db", archive.db, "add-source", "--title", "T",
           "--url", "https://example.org/a", "--text-file", nowhere);
  assert_one_line_error (&unreadable, 1);
  g_assert_nonnull (strstr (unreadable.err, nowhere));

  run_cli (&bad_url, "--db", archive.db, "add-source", "--title", "T",
           "--url", "not a url", "--text-file", file);
  assert_one_line_error (&bad_url, 2);

  run_cli (&not_utf8, "--db", archive.db, "add-source", "--title", "T",
           "--url", "https://example.org/a", "--text-file", latin1);
  assert_one_line_error (&not_utf8, 1);
  g_assert_nonnull (strstr (not_utf8.err, "UTF-8"));
}

static void
test_list (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) result = { 0, };
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *day_before = NULL;
  g_autofree char *day_after = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 pelican, turbine;
  gboolean saw_pelican = FALSE;
  gboolean saw_turbine = FALSE;

  archive_init (&archive);
  pelican = add_source (&archive, "Pelicans arrive early", "https://news.example.org/pelicans",
                        "Example News", pelican_text);
  turbine = add_source (&archive, "Cheaper turbines", "https://energy.example.com/turbines",
                        "Energy Weekly", turbine_text);

  run_cli (&result, "--db", archive.db, "list");
  after = g_date_time_new_now_utc ();
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");

  /* Not a terminal: no header, one brief a line. */
  g_assert_cmpuint (count_lines (result.out), ==, 2);
  day_before = g_date_time_format (before, "%Y-%m-%d");
  day_after = g_date_time_format (after, "%Y-%m-%d");

  lines = g_strsplit (result.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      gint64 id = g_ascii_strtoll (fields[0], NULL, 10);

      g_assert_nonnull (strstr (lines[i], "inbox"));
      g_assert_true (strstr (lines[i], day_before) != NULL ||
                     strstr (lines[i], day_after) != NULL);
      if (id == pelican)
        {
          saw_pelican = TRUE;
          g_assert_nonnull (strstr (lines[i], "Example News"));
          g_assert_true (g_str_has_suffix (lines[i], "Pelicans arrive early"));
        }
      else if (id == turbine)
        {
          saw_turbine = TRUE;
          g_assert_nonnull (strstr (lines[i], "Energy Weekly"));
          g_assert_true (g_str_has_suffix (lines[i], "Cheaper turbines"));
        }
    }
  g_assert_true (saw_pelican);
  g_assert_true (saw_turbine);

  /* Columns line up: the status starts at the same place on every line. */
  {
    g_auto(GStrv) raw = g_strsplit (result.out, "\n", -1);
    const char *a = strstr (raw[0], "inbox");
    const char *b = strstr (raw[1], "inbox");

    g_assert_cmpint (a - raw[0], ==, b - raw[1]);
  }
}

static void
test_list_json (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) result = { 0, };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  JsonObject *brief;
  JsonObject *source;
  gint64 id;

  archive_init (&archive);
  id = add_source (&archive, "Pelicans arrive early", "https://news.example.org/pelicans",
                   "Example News", pelican_text);

  run_cli (&result, "--db", archive.db, "list", "--json");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");

  root = parse_json (result.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);

  brief = json_array_get_object_element (array, 0);
  assert_brief_keys (brief);
  g_assert_cmpint (json_object_get_int_member (brief, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (brief, "status"), ==, "inbox");
  g_assert_cmpstr (json_object_get_string_member (brief, "title"), ==,
                   "Pelicans arrive early");
  g_assert_cmpstr (json_object_get_string_member (brief, "publisher"), ==, "Example News");
  /* No headline yet: null, not an empty string. */
  g_assert_true (json_object_get_null_member (brief, "headline"));
  source = json_object_get_object_member (brief, "source");
  g_assert_cmpstr (json_object_get_string_member (source, "title"), ==,
                   "Pelicans arrive early");
}

static void
test_list_status (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) inbox = { 0, };
  g_auto(CliResult) published = { 0, };
  g_auto(CliResult) all = { 0, };
  g_auto(CliResult) withdrawn = { 0, };
  g_autoptr(WdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *published_id = NULL;
  gint64 pelican, turbine, budget;

  archive_init (&archive);
  pelican = add_source (&archive, "Pelicans arrive early", "https://news.example.org/pelicans",
                        "Example News", pelican_text);
  turbine = add_source (&archive, "Cheaper turbines", "https://energy.example.com/turbines",
                        "Energy Weekly", turbine_text);
  budget = add_source (&archive, "Budget passes", "https://city.example.net/budget",
                       "City Desk", budget_text);

  /* Move two briefs along the pipeline the way later stages will. */
  store = wd_store_open (archive.db, &error);
  g_assert_no_error (error);
  g_assert_true (wd_store_set_status (store, turbine, WD_BRIEF_STATUS_PUBLISHED, &error));
  g_assert_true (wd_store_set_status (store, budget, WD_BRIEF_STATUS_WITHDRAWN, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  run_cli (&inbox, "--db", archive.db, "list", "--status", "inbox");
  g_assert_cmpint (inbox.status, ==, 0);
  g_assert_cmpuint (count_lines (inbox.out), ==, 1);
  g_assert_nonnull (strstr (inbox.out, "Pelicans arrive early"));
  g_assert_cmpint (g_ascii_strtoll (inbox.out, NULL, 10), ==, pelican);

  run_cli (&published, "--db", archive.db, "list", "--status=published", "--json");
  g_assert_cmpint (published.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (published.out);
    JsonArray *array = json_node_get_array (root);
    JsonObject *brief;

    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    brief = json_array_get_object_element (array, 0);
    g_assert_cmpint (json_object_get_int_member (brief, "id"), ==, turbine);
    g_assert_cmpstr (json_object_get_string_member (brief, "status"), ==, "published");
  }

  run_cli (&withdrawn, "--db", archive.db, "list", "--status", "withdrawn");
  g_assert_cmpint (withdrawn.status, ==, 0);
  g_assert_cmpuint (count_lines (withdrawn.out), ==, 1);
  g_assert_nonnull (strstr (withdrawn.out, "Budget passes"));

  run_cli (&all, "--db", archive.db, "list", "--status", "all");
  g_assert_cmpint (all.status, ==, 0);
  g_assert_cmpuint (count_lines (all.out), ==, 3);
}

static void
test_list_bad_status (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) result = { 0, };

  archive_init (&archive);
  add_source (&archive, "Pelicans arrive early", "https://news.example.org/pelicans",
              NULL, pelican_text);

  run_cli (&result, "--db", archive.db, "list", "--status", "finished");
  assert_one_line_error (&result, 2);
  g_assert_nonnull (strstr (result.err, "finished"));
  g_assert_nonnull (strstr (result.err,
                            "inbox, draft, review, approved, published, withdrawn, all"));
}

static void
test_show (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) text = { 0, };
  g_auto(CliResult) json = { 0, };
  g_autoptr(WdStore) store = NULL;
  g_autoptr(WdMention) mention = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id_text = NULL;
  WdRevisionInfo info = WD_REVISION_INFO_EDITOR;
  JsonObject *brief;
  JsonObject *source;
  JsonArray *sections;
  JsonArray *mentions;
  gboolean saw_summary = FALSE;
  gint64 id;

  archive_init (&archive);
  id = add_source (&archive, "Pelicans arrive early", "https://news.example.org/pelicans",
                   "Example News", pelican_text);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  /* Give the brief what later stages will: a headline, a section and a
   * mention. */
  store = wd_store_open (archive.db, &error);
  g_assert_no_error (error);
  g_assert_true (wd_store_set_headline (store, id, "Pelicans are two weeks early", &error));
  g_assert_no_error (error);
  g_assert_cmpint (wd_store_add_revision (store, id, WD_SECTION_SUMMARY,
                                          "Researchers counted a third more pelicans.",
                                          &info, &error), >, 0);
  g_assert_no_error (error);
  mention = wd_store_ensure_mention (store, "Estuary Research Station",
                                     WD_MENTION_ORGANIZATION, &error);
  g_assert_no_error (error);
  g_assert_true (wd_store_attach_mention (store, id, wd_mention_get_id (mention),
                                          WD_ORIGIN_EDITOR, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  run_cli (&text, "--db", archive.db, "show", id_text);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpstr (text.err, ==, "");
  g_assert_true (g_str_has_prefix (text.out, "Headline:"));
  g_assert_nonnull (strstr (text.out, "Pelicans are two weeks early"));
  g_assert_nonnull (strstr (text.out, "Pelicans arrive early"));
  g_assert_nonnull (strstr (text.out, "https://news.example.org/pelicans"));
  g_assert_nonnull (strstr (text.out, "Example News"));
  g_assert_nonnull (strstr (text.out, "Status:"));
  g_assert_nonnull (strstr (text.out, "inbox"));
  g_assert_nonnull (strstr (text.out, "\nSummary\n-------\n"
                                      "Researchers counted a third more pelicans.\n"));
  /* Empty sections get no heading. */
  g_assert_null (strstr (text.out, "What to watch"));
  g_assert_nonnull (strstr (text.out, "\nMentions\n"));
  g_assert_nonnull (strstr (text.out, "Estuary Research Station (organization)"));

  run_cli (&json, "--db", archive.db, "show", "--json", id_text);
  g_assert_cmpint (json.status, ==, 0);
  root = parse_json (json.out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  brief = json_node_get_object (root);
  assert_brief_keys (brief);
  g_assert_cmpint (json_object_get_int_member (brief, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (brief, "headline"), ==,
                   "Pelicans are two weeks early");
  g_assert_cmpstr (json_object_get_string_member (brief, "title"), ==,
                   "Pelicans are two weeks early");

  source = json_object_get_object_member (brief, "source");
  g_assert_cmpstr (json_object_get_string_member (source, "url"), ==,
                   "https://news.example.org/pelicans");
  g_assert_cmpstr (json_object_get_string_member (source, "title"), ==,
                   "Pelicans arrive early");
  g_assert_cmpstr (json_object_get_string_member (source, "publisher"), ==, "Example News");

  sections = json_object_get_array_member (brief, "sections");
  g_assert_nonnull (sections);
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *section = json_array_get_object_element (sections, i);

      g_assert_true (json_object_has_member (section, "kind"));
      g_assert_true (json_object_has_member (section, "text"));
      g_assert_true (json_object_has_member (section, "origin"));
      if (g_strcmp0 (json_object_get_string_member (section, "kind"), "summary") == 0)
        {
          saw_summary = TRUE;
          g_assert_cmpstr (json_object_get_string_member (section, "text"), ==,
                           "Researchers counted a third more pelicans.");
          g_assert_cmpstr (json_object_get_string_member (section, "origin"), ==, "editor");
        }
    }
  g_assert_true (saw_summary);

  mentions = json_object_get_array_member (brief, "mentions");
  g_assert_cmpuint (json_array_get_length (mentions), ==, 1);
  {
    JsonObject *m = json_array_get_object_element (mentions, 0);

    g_assert_cmpstr (json_object_get_string_member (m, "name"), ==,
                     "Estuary Research Station");
    g_assert_cmpstr (json_object_get_string_member (m, "kind"), ==, "organization");
    g_assert_cmpstr (json_object_get_string_member (m, "slug"), ==,
                     "estuary-research-station");
  }
}

static void
test_show_errors (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) missing = { 0, };
  g_auto(CliResult) word = { 0, };
  g_auto(CliResult) zero = { 0, };
  g_auto(CliResult) none = { 0, };
  g_auto(CliResult) two = { 0, };

  archive_init (&archive);
  add_source (&archive, "Pelicans arrive early", "https://news.example.org/pelicans",
              NULL, pelican_text);

  run_cli (&missing, "--db", archive.db, "show", "999");
  assert_one_line_error (&missing, 1);
  g_assert_nonnull (strstr (missing.err, "999"));

  run_cli (&word, "--db", archive.db, "show", "pelican");
  assert_one_line_error (&word, 2);
  run_cli (&zero, "--db", archive.db, "show", "0");
  assert_one_line_error (&zero, 2);
  run_cli (&none, "--db", archive.db, "show");
  assert_one_line_error (&none, 2);
  run_cli (&two, "--db", archive.db, "show", "1", "2");
  assert_one_line_error (&two, 2);
}

static void
test_search (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) text = { 0, };
  g_auto(CliResult) limited = { 0, };
  g_auto(CliResult) json = { 0, };
  g_auto(CliResult) nothing = { 0, };
  g_auto(CliResult) bad_limit = { 0, };
  g_auto(CliResult) zero_limit = { 0, };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *lower = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *hits;
  gint64 pelican;

  archive_init (&archive);
  pelican = add_source (&archive, "Pelicans arrive early", "https://news.example.org/pelicans",
                        "Example News", pelican_text);
  add_source (&archive, "Cheaper turbines", "https://energy.example.com/turbines",
              "Energy Weekly", turbine_text);
  add_source (&archive, "Budget passes", "https://city.example.net/budget",
              "City Desk", budget_text);

  /* A word only the body of one article has. */
  run_cli (&text, "--db", archive.db, "search", "migration");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpstr (text.err, ==, "");
  lines = g_strsplit (text.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3); /* id + title, snippet, "" */
  g_assert_cmpint (g_ascii_strtoll (lines[0], NULL, 10), ==, pelican);
  g_assert_nonnull (strstr (lines[0], "Pelicans arrive early"));
  lower = g_utf8_strdown (lines[1], -1);
  g_assert_nonnull (strstr (lower, "migration"));

  /* "estuary" is in all three. */
  run_cli (&limited, "--db", archive.db, "search", "estuary", "--limit", "2");
  g_assert_cmpint (limited.status, ==, 0);
  g_assert_cmpuint (count_lines (limited.out), ==, 4);

  run_cli (&json, "--db", archive.db, "search", "--json", "estuary");
  g_assert_cmpint (json.status, ==, 0);
  root = parse_json (json.out);
  hits = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (hits), ==, 3);
  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonObject *hit = json_array_get_object_element (hits, i);
      g_autofree char *snippet = NULL;

      assert_brief_keys (hit);
      g_assert_true (json_object_has_member (hit, "rank"));
      g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (hit, "rank")));
      snippet = g_utf8_strdown (json_object_get_string_member (hit, "snippet"), -1);
      g_assert_nonnull (strstr (snippet, "estuary"));
    }

  run_cli (&nothing, "--db", archive.db, "search", "zeppelin");
  g_assert_cmpint (nothing.status, ==, 0);
  g_assert_cmpstr (nothing.out, ==, "");

  run_cli (&bad_limit, "--db", archive.db, "search", "estuary", "--limit", "many");
  assert_one_line_error (&bad_limit, 2);
  run_cli (&zero_limit, "--db", archive.db, "search", "estuary", "--limit", "0");
  assert_one_line_error (&zero_limit, 2);
}

static void
test_usage_errors (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) command = { 0, };
  g_auto(CliResult) option = { 0, };
  g_auto(CliResult) global = { 0, };
  g_auto(CliResult) none = { 0, };
  g_auto(CliResult) extra = { 0, };

  archive_init (&archive);

  run_cli (&command, "--db", archive.db, "frobnicate");
  assert_one_line_error (&command, 2);
  g_assert_nonnull (strstr (command.err, "frobnicate"));

  run_cli (&option, "--db", archive.db, "list", "--bogus");
  assert_one_line_error (&option, 2);
  g_assert_nonnull (strstr (option.err, "--bogus"));

  run_cli (&global, "--bogus", "list");
  assert_one_line_error (&global, 2);

  run_cli (&none, "--db", archive.db);
  assert_one_line_error (&none, 2);

  run_cli (&extra, "--db", archive.db, "list", "everything");
  assert_one_line_error (&extra, 2);

  /* Bad usage is caught before anything is written. */
  g_assert_false (g_file_test (archive.db, G_FILE_TEST_EXISTS));
}

static void
test_help (void)
{
  static const struct {
    const char *command;
    const char *options[6];
  } commands[] = {
    { "list", { "--status", "--json", NULL } },
    { "search", { "--limit", "--json", "QUERY", NULL } },
    { "show", { "--json", "ID", NULL } },
    { "add-source", { "--title", "--url", "--text-file", "--publisher", NULL } },
    { "help", { "COMMAND", NULL } },
    { "draft", { "--backend", "--section", "--instruction", "--force", "ID", NULL } },
    { "publish", { "--target", "--at", "--override", "--resume", "ID", NULL } },
    { "render", { "--format", "ID", NULL } },
    { "jobs", { "--json", "--all", NULL } },
  };
  /* Not commands: help must not offer them. */
  static const char *absent[] = { "deploy", "post" };
  g_auto(CliResult) global = { 0, };
  g_auto(CliResult) help = { 0, };
  g_auto(CliResult) unknown = { 0, };
  g_auto(CliResult) version = { 0, };

  run_cli (&global, "--help");
  g_assert_cmpint (global.status, ==, 0);
  g_assert_cmpstr (global.err, ==, "");
  g_assert_nonnull (strstr (global.out, "--db"));
  g_assert_nonnull (strstr (global.out, "--config"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *entry = g_strdup_printf ("\n  %s ", commands[i].command);

      g_assert_nonnull (strstr (global.out, entry));
    }
  for (guint i = 0; i < G_N_ELEMENTS (absent); i++)
    {
      g_autofree char *entry = g_strdup_printf ("\n  %s ", absent[i]);

      g_assert_null (strstr (global.out, entry));
    }

  run_cli (&help, "help");
  g_assert_cmpint (help.status, ==, 0);
  g_assert_cmpstr (help.out, ==, global.out);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(CliResult) own = { 0, };
      g_auto(CliResult) via_help = { 0, };
      g_autofree char *usage = g_strdup_printf ("wiredesk-cli %s", commands[i].command);

      run_cli (&own, commands[i].command, "--help");
      g_assert_cmpint (own.status, ==, 0);
      g_assert_cmpstr (own.err, ==, "");
      g_assert_nonnull (strstr (own.out, usage));
      for (guint j = 0; commands[i].options[j] != NULL; j++)
        g_assert_nonnull (strstr (own.out, commands[i].options[j]));

      run_cli (&via_help, "help", commands[i].command);
      g_assert_cmpint (via_help.status, ==, 0);
      g_assert_cmpstr (via_help.out, ==, own.out);
    }

  run_cli (&unknown, "help", "frobnicate");
  assert_one_line_error (&unknown, 2);

  run_cli (&version, "--version");
  g_assert_cmpint (version.status, ==, 0);
  g_assert_nonnull (strstr (version.out, PACKAGE_VERSION));
}

static void
test_not_sqlite (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) result = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  gsize after_len = 0;
  char before[4096];

  archive_init (&archive);
  /* Text followed by every byte value: clearly not an SQLite header. */
  memset (before, 0, sizeof before);
  g_strlcpy (before, "Dear editor, this is a letter, not an archive.\n", sizeof before);
  for (guint i = 64; i < sizeof before; i++)
    before[i] = (char) (i * 7);
  g_file_set_contents (archive.db, before, sizeof before, &error);
  g_assert_no_error (error);

  run_cli (&result, "--db", archive.db, "list");
  assert_one_line_error (&result, 1);
  g_assert_nonnull (strstr (result.err, archive.db));

  g_file_get_contents (archive.db, &after, &after_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (after, after_len, before, sizeof before);
}

static void
test_config_errors (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) missing = { 0, };
  g_auto(CliResult) malformed = { 0, };
  g_auto(CliResult) good = { 0, };
  g_autofree char *nowhere = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *fine = NULL;

  archive_init (&archive);
  nowhere = g_build_filename (archive.dir, "missing.conf", NULL);
  bad = write_text (&archive, "bad.conf", "[defaults]\nbackend=x\n[backend x\n");
  fine = write_text (&archive, "fine.conf", "[defaults]\nbackend=x\n[backend x]\nkind=builtin\n");

  /* A file named explicitly that is not there is the command's failure. */
  run_cli (&missing, "--config", nowhere, "--db", archive.db, "list");
  assert_one_line_error (&missing, 1);
  g_assert_nonnull (strstr (missing.err, nowhere));
  /* ... and nothing was created on the way. */
  g_assert_false (g_file_test (archive.db, G_FILE_TEST_EXISTS));

  run_cli (&malformed, "--config", bad, "--db", archive.db, "list");
  assert_one_line_error (&malformed, 1);
  g_assert_nonnull (strstr (malformed.err, bad));
  g_assert_nonnull (strstr (malformed.err, "line 3"));

  run_cli (&good, "--config", fine, "--db", archive.db, "list");
  g_assert_cmpint (good.status, ==, 0);
  g_assert_cmpstr (good.err, ==, "");
}

static void
test_default_config (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(CliResult) absent = { 0, };
  g_auto(CliResult) broken = { 0, };
  g_autofree char *conf_dir = NULL;
  g_autofree char *conf = NULL;
  g_autoptr(GError) error = NULL;

  archive_init (&archive);

  /* No configuration at all is fine: nothing is configured yet. */
  run_cli (&absent, "--db", archive.db, "list");
  g_assert_cmpint (absent.status, ==, 0);

  /* The default file is $XDG_CONFIG_HOME/wiredesk/wiredesk.conf, and a
   * broken one is reported, by its path. */
  conf_dir = g_build_filename (g_get_user_config_dir (), "wiredesk", NULL);
  conf = g_build_filename (conf_dir, "wiredesk.conf", NULL);
  g_assert_cmpint (g_mkdir_with_parents (conf_dir, 0700), ==, 0);
  g_file_set_contents (conf, "[defaults\n", -1, &error);
  g_assert_no_error (error);

  run_cli (&broken, "--db", archive.db, "list");
  assert_one_line_error (&broken, 1);
  g_assert_nonnull (strstr (broken.err, conf));
  g_assert_nonnull (strstr (broken.err, "line 1"));
}

static void
test_archive_location (void)
{
  g_auto(Archive) archive = { NULL, };
  g_auto(Archive) other = { NULL, };
  g_auto(CliResult) from_env = { 0, };
  g_auto(CliResult) overridden = { 0, };
  g_auto(CliResult) after_command = { 0, };
  g_auto(CliResult) by_default = { 0, };
  g_autofree char *file = NULL;
  g_autofree char *default_db = NULL;

  archive_init (&archive);
  archive_init (&other);
  add_source (&archive, "Pelicans arrive early", "https://news.example.org/pelicans",
              NULL, pelican_text);

  /* WIREDESK_DB names the archive when there is no --db. */
  run_cli_env (&from_env, archive.db, (const char * const[]) { "list", NULL });
  g_assert_cmpint (from_env.status, ==, 0);
  g_assert_nonnull (strstr (from_env.out, "Pelicans arrive early"));

  /* --db wins over it, before or after the command. */
  run_cli_env (&overridden, archive.db,
               (const char * const[]) { "--db", other.db, "list", NULL });
  g_assert_cmpint (overridden.status, ==, 0);
  g_assert_cmpstr (overridden.out, ==, "");
  run_cli_env (&after_command, other.db,
               (const char * const[]) { "list", "--db", archive.db, NULL });
  g_assert_cmpint (after_command.status, ==, 0);
  g_assert_nonnull (strstr (after_command.out, "Pelicans arrive early"));

  /* With neither, the archive is under XDG_DATA_HOME (a temporary one). */
  default_db = g_build_filename (g_get_user_data_dir (), "wiredesk", "archive.db", NULL);
  file = write_text (&other, "text.txt", turbine_text);
  run_cli (&by_default, "add-source", "--title", "Cheaper turbines",
           "--url", "https://energy.example.com/turbines", "--text-file", file);
  g_assert_cmpint (by_default.status, ==, 0);
  g_assert_true (g_file_test (default_db, G_FILE_TEST_IS_REGULAR));
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/cli/add-source", test_add_source);
  g_test_add_func ("/cli/add-source/errors", test_add_source_errors);
  g_test_add_func ("/cli/list", test_list);
  g_test_add_func ("/cli/list/json", test_list_json);
  g_test_add_func ("/cli/list/status", test_list_status);
  g_test_add_func ("/cli/list/bad-status", test_list_bad_status);
  g_test_add_func ("/cli/show", test_show);
  g_test_add_func ("/cli/show/errors", test_show_errors);
  g_test_add_func ("/cli/search", test_search);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/not-sqlite", test_not_sqlite);
  g_test_add_func ("/cli/config-errors", test_config_errors);
  g_test_add_func ("/cli/default-config", test_default_config);
  g_test_add_func ("/cli/archive-location", test_archive_location);

  return g_test_run ();
}
