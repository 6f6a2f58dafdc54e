/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-check"

#include <json-glib/json-glib.h>

#include "wd-test-util.h"

/*
 * `wiredesk-cli check` run as a user would ($WIREDESK_CLI) on an archive
 * in a temporary directory: its lines, its JSON and its exit status.
 */

static void
test_check_pass_and_fail (void)
{
  g_autofree char *db = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&db);
  gint64 good = wd_test_add_port_brief (store, "https://port.example.com/q3", "Container traffic at the port rose 12 percent in the third "
                                  "quarter, helped by new cranes that cut ship waiting times "
                                  "to nine hours.");
  const char *bad_summary = "Container traffic rose 15 percent, said director Erik Sandberg.";
  gint64 bad = wd_test_add_port_brief (store, "https://port.example.com/q3-copy", bad_summary);
  g_autofree char *good_id = g_strdup_printf ("%" G_GINT64_FORMAT, good);
  g_autofree char *bad_id = g_strdup_printf ("%" G_GINT64_FORMAT, bad);
  g_auto(WdTestCli) pass = { 0, };
  g_auto(WdTestCli) fail = { 0, };
  g_auto(WdTestCli) json = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *items;
  gboolean saw_number = FALSE;

  wd_test_cli (&pass, db, "check", good_id);
  g_assert_cmpint (pass.status, ==, 0);
  g_assert_true (g_str_has_prefix (pass.out, "PASS  headline"));
  g_assert_null (strstr (pass.out, "FAIL"));

  wd_test_cli (&fail, db, "check", bad_id);
  g_assert_cmpint (fail.status, ==, 1);
  g_assert_nonnull (strstr (fail.out, "FAIL  summary:"));
  g_assert_nonnull (strstr (fail.out, "“Erik Sandberg”"));

  wd_test_cli (&json, db, "check", bad_id, "--json");
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
  g_auto(WdTestCli) missing = { 0, };
  g_auto(WdTestCli) bad = { 0, };
  g_auto(WdTestCli) unknown = { 0, };

  wd_test_cli (&missing, db, "check");
  g_assert_cmpint (missing.status, ==, 2);
  wd_test_cli (&bad, db, "check", "abc");
  g_assert_cmpint (bad.status, ==, 2);
  wd_test_cli (&unknown, db, "check", "777");
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
