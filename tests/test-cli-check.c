/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-check"

#include <json-glib/json-glib.h>

#include "wd-test-util.h"

/*
 * `wiredesk-cli check` run as a user would ($WIREDESK_CLI) on an archive
 * in a temporary directory: its lines, its JSON and its exit status.
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

static void
run_cli (CliResult          *result,
         const char         *db,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("WIREDESK_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "COLUMNS");
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "WIREDESK_DB", db, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                          &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  g_test_message ("status %d\nstdout: %s\nstderr: %s", result->status, result->out,
                  result->err);
}

#define check_cli(result, db, ...) \
  run_cli ((result), (db), (const char * const[]) { __VA_ARGS__, NULL })

static const char *source_text =
  "The port authority said on Monday that container traffic rose 12 percent in the third "
  "quarter, to 410,000 boxes, its busiest quarter on record.\n\n"
  "Director Anna Lindqvist said new cranes delivered in June had cut waiting times for "
  "ships from two days to nine hours. The authority plans to spend 85 million euros on a "
  "second terminal by 2028.";

/* A brief with every section, one mention, and @summary. */
static gint64
add_brief (WdStore    *store,
           const char *url,
           const char *summary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) mention = NULL;
  const char *sections[WD_SECTION_N_KINDS] = {
    summary,
    "Faster turnarounds matter more than raw volume for a port competing on reliability.",
    "",
    "Watch whether the second terminal keeps to its 2028 date.",
  };
  /* The archive keeps one brief per text: make each source its own. */
  g_autofree char *text = g_strdup_printf ("%s\n\nThis report came from %s.", source_text, url);
  gint64 id = wd_test_add_source (store, "Port traffic rises", url, "Port News", text);

  wd_store_set_headline (store, id, "Port traffic up 12 percent", &error);
  g_assert_no_error (error);
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    {
      WdRevisionInfo info = WD_REVISION_INFO_EDITOR;

      wd_store_add_revision (store, id, k, sections[k], &info, &error);
      g_assert_no_error (error);
    }
  mention = wd_store_ensure_mention (store, "Port authority", WD_MENTION_ORGANIZATION, &error);
  g_assert_no_error (error);
  wd_store_attach_mention (store, id, wd_mention_get_id (mention), WD_ORIGIN_EDITOR, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_check_pass_and_fail (void)
{
  g_autofree char *db = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&db);
  gint64 good = add_brief (store, "https://port.example.com/q3", "Container traffic at the port rose 12 percent in the third "
                                  "quarter, helped by new cranes that cut ship waiting times "
                                  "to nine hours.");
  const char *bad_summary = "Container traffic rose 15 percent, said director Erik Sandberg.";
  gint64 bad = add_brief (store, "https://port.example.com/q3-copy", bad_summary);
  g_autofree char *good_id = g_strdup_printf ("%" G_GINT64_FORMAT, good);
  g_autofree char *bad_id = g_strdup_printf ("%" G_GINT64_FORMAT, bad);
  g_auto(CliResult) pass = { 0, };
  g_auto(CliResult) fail = { 0, };
  g_auto(CliResult) json = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *items;
  gboolean saw_number = FALSE;

  check_cli (&pass, db, "check", good_id);
  g_assert_cmpint (pass.status, ==, 0);
  g_assert_true (g_str_has_prefix (pass.out, "PASS  headline"));
  g_assert_null (strstr (pass.out, "FAIL"));

  check_cli (&fail, db, "check", bad_id);
  g_assert_cmpint (fail.status, ==, 1);
  g_assert_nonnull (strstr (fail.out, "FAIL  summary:"));
  g_assert_nonnull (strstr (fail.out, "“Erik Sandberg”"));

  check_cli (&json, db, "check", bad_id, "--json");
  g_assert_cmpint (json.status, ==, 1);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  g_assert_true (json_object_has_member (root, "longest_run"));
  g_assert_true (json_object_has_member (root, "copied_share"));
  items = json_object_get_array_member (root, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "check"), "unsupported-number"))
        {
          const char *at = strstr (bad_summary, "15 percent");

          saw_number = TRUE;
          g_assert_cmpstr (json_object_get_string_member (item, "severity"), ==, "failure");
          g_assert_cmpint (json_object_get_int_member (item, "start"), ==, at - bad_summary);
          g_assert_cmpstr (json_object_get_string_member (item, "text"), ==, "15 percent");
        }
    }
  g_assert_true (saw_number);
}

static void
test_check_usage (void)
{
  g_autofree char *db = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&db);
  g_auto(CliResult) missing = { 0, };
  g_auto(CliResult) bad = { 0, };
  g_auto(CliResult) unknown = { 0, };

  check_cli (&missing, db, "check");
  g_assert_cmpint (missing.status, ==, 2);
  check_cli (&bad, db, "check", "abc");
  g_assert_cmpint (bad.status, ==, 2);
  check_cli (&unknown, db, "check", "777");
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "777"));
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/cli/check/pass-and-fail", test_check_pass_and_fail);
  g_test_add_func ("/cli/check/usage", test_check_usage);

  return g_test_run ();
}
