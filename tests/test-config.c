/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-config"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "wd-test-util.h"

static const char example_conf[] =
  "[defaults]\n"
  "# drafts when no --backend is given; publishes when no --target is given\n"
  "backend=local-qwen\n"
  "target=site\n"
  "\n"
  "[backend local-qwen]\n"
  "# kind: openai | anthropic | ollama | builtin\n"
  "kind=openai\n"
  "base-url=http://127.0.0.1:11434/v1\n"
  "model=qwen3:8b\n"
  "\n"
  "[target site]\n"
  "# kind: wordpress | site-json | static\n"
  "kind=wordpress\n"
  "url=https://example.org\n"
  "user=editor\n"
  "\n"
  /* Not in alphabetical order, so file order is what the test sees. */
  "[backend anthropic]\n"
  "kind=anthropic\n"
  "model=claude-sonnet\n"
  "\n"
  "[target archive copy]\n"
  "kind=static\n"
  "url=file:///srv/www\n";

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_default_path (void)
{
  g_autofree char *path = wd_config_default_path ();
  g_autofree char *expected = NULL;

  /* g_get_user_config_dir() is $XDG_CONFIG_HOME; wd_test_init() made it a
   * temporary directory (test-cli checks the variable from outside). */
  expected = g_build_filename (g_get_user_config_dir (), "wiredesk", "wiredesk.conf", NULL);
  g_assert_cmpstr (path, ==, expected);
  g_assert_true (g_str_has_prefix (path, g_get_tmp_dir ()));
}

static void
test_missing_default_is_empty (void)
{
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = wd_config_default_path ();
  g_auto(GStrv) backends = NULL;
  g_auto(GStrv) targets = NULL;
  g_autofree char *backend = NULL;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  config = wd_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpstr (wd_config_get_path (config), ==, path);

  backends = wd_config_list_named (config, "backend");
  targets = wd_config_list_named (config, "target");
  g_assert_cmpuint (g_strv_length (backends), ==, 0);
  g_assert_cmpuint (g_strv_length (targets), ==, 0);
  backend = wd_config_dup_default (config, "backend");
  g_assert_null (backend);

  /* Loading must not create the file. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_parse_named_groups (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = write_file (dir, "my.conf", example_conf);
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) backends = NULL;
  g_auto(GStrv) targets = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *model = NULL;
  g_autofree char *url = NULL;
  g_autofree char *missing_key = NULL;
  g_autofree char *missing_group = NULL;
  g_autofree char *default_backend = NULL;
  g_autofree char *default_target = NULL;

  config = wd_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_config_get_path (config), ==, path);

  backends = wd_config_list_named (config, "backend");
  g_assert_cmpuint (g_strv_length (backends), ==, 2);
  g_assert_cmpstr (backends[0], ==, "local-qwen");
  g_assert_cmpstr (backends[1], ==, "anthropic");

  targets = wd_config_list_named (config, "target");
  g_assert_cmpuint (g_strv_length (targets), ==, 2);
  g_assert_cmpstr (targets[0], ==, "site");
  g_assert_cmpstr (targets[1], ==, "archive copy");

  kind = wd_config_dup_named (config, "backend", "local-qwen", "kind");
  base_url = wd_config_dup_named (config, "backend", "local-qwen", "base-url");
  model = wd_config_dup_named (config, "backend", "anthropic", "model");
  url = wd_config_dup_named (config, "target", "archive copy", "url");
  g_assert_cmpstr (kind, ==, "openai");
  g_assert_cmpstr (base_url, ==, "http://127.0.0.1:11434/v1");
  g_assert_cmpstr (model, ==, "claude-sonnet");
  g_assert_cmpstr (url, ==, "file:///srv/www");

  missing_key = wd_config_dup_named (config, "backend", "local-qwen", "temperature");
  missing_group = wd_config_dup_named (config, "target", "nowhere", "url");
  g_assert_null (missing_key);
  g_assert_null (missing_group);

  default_backend = wd_config_dup_default (config, "backend");
  default_target = wd_config_dup_default (config, "target");
  g_assert_cmpstr (default_backend, ==, "local-qwen");
  g_assert_cmpstr (default_target, ==, "site");
}

static void
test_default_file_is_read (void)
{
  g_autofree char *path = wd_config_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) backends = NULL;
  g_autofree char *target = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, "[defaults]\ntarget=  \n[backend only]\nkind=builtin\n", -1,
                       &error);
  g_assert_no_error (error);

  config = wd_config_load (NULL, &error);
  g_assert_no_error (error);
  backends = wd_config_list_named (config, "backend");
  g_assert_cmpuint (g_strv_length (backends), ==, 1);
  g_assert_cmpstr (backends[0], ==, "only");
  /* A blank default is no default. */
  target = wd_config_dup_default (config, "target");
  g_assert_null (target);

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_missing_explicit_file (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "nope.conf", NULL);
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = wd_config_load (path, &error);
  g_assert_null (config);
  g_assert_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_malformed_file (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = write_file (dir, "bad.conf",
                                      "[defaults]\n"
                                      "backend=local\n"
                                      "\n"
                                      "this line is not a key\n"
                                      "[backend local]\n");
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = wd_config_load (path, &error);
  g_assert_null (config);
  g_assert_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "line 4"));
  /* GLib's own words, which quote the offending text. */
  g_assert_nonnull (strstr (error->message, "this line is not a key"));
}

static void
on_loaded (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static WdConfig *
load_async (const char  *path,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  wd_config_load_async (path, NULL, on_loaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wd_config_load_finish (result, error);
}

/* The app loads the file off its main thread: the same configuration, and
 * the same errors, as a direct load. */
static void
test_load_async (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *good = write_file (dir, "my.conf", example_conf);
  g_autofree char *bad = write_file (dir, "bad.conf", "[defaults]\nnot a key\n");
  g_autofree char *missing = g_build_filename (dir, "missing.conf", NULL);
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(WdConfig) none = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) backends = NULL;

  config = load_async (good, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_config_get_path (config), ==, good);
  backends = wd_config_list_named (config, "backend");
  g_assert_cmpstrv (backends, ((const char *[]) { "local-qwen", "anthropic", NULL }));

  none = load_async (bad, &error);
  g_assert_null (none);
  g_assert_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  none = load_async (missing, &error);
  g_assert_null (none);
  g_assert_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_NOT_FOUND);
}

static void
test_key_before_group (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = write_file (dir, "bad.conf", "# hello\nbackend=x\n");
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = wd_config_load (path, &error);
  g_assert_null (config);
  g_assert_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "line 2"));
}

static void
test_group_without_name (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = write_file (dir, "noname.conf", "[backend]\nkind=openai\n");
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = wd_config_load (path, &error);
  g_assert_null (config);
  g_assert_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "[backend NAME]"));
}

static void
test_save_round_trip (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = write_file (dir, "wiredesk.conf", example_conf);
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(WdConfig) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *model = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *target = NULL;
  g_auto(GStrv) backends = NULL;
  GStatBuf st;
  guint n_files = 0;

  config = wd_config_load (path, &error);
  g_assert_no_error (error);

  g_key_file_set_string (wd_config_get_key_file (config), "backend local-qwen", "model",
                         "qwen3:14b");
  g_key_file_set_string (wd_config_get_key_file (config), "backend offline", "kind",
                         "builtin");
  g_key_file_set_string (wd_config_get_key_file (config), "defaults", "target",
                         "archive copy");
  g_assert_true (wd_config_save (config, &error));
  g_assert_no_error (error);

  again = wd_config_load (path, &error);
  g_assert_no_error (error);
  model = wd_config_dup_named (again, "backend", "local-qwen", "model");
  kind = wd_config_dup_named (again, "backend", "offline", "kind");
  target = wd_config_dup_default (again, "target");
  g_assert_cmpstr (model, ==, "qwen3:14b");
  g_assert_cmpstr (kind, ==, "builtin");
  g_assert_cmpstr (target, ==, "archive copy");
  backends = wd_config_list_named (again, "backend");
  g_assert_cmpuint (g_strv_length (backends), ==, 3);
  g_assert_cmpstr (backends[0], ==, "local-qwen");
  g_assert_cmpstr (backends[1], ==, "anthropic");
  g_assert_cmpstr (backends[2], ==, "offline");

  /* The editor's comments survive a save. */
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "# kind: openai | anthropic | ollama | builtin"));

  /* Written in place of the old file, with no temporary left behind, and
   * readable by its owner only. */
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_save_empty_to_default (void)
{
  g_autoptr(WdConfig) config = wd_config_new_empty ();
  g_autoptr(WdConfig) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = wd_config_default_path ();
  g_autofree char *backend = NULL;

  g_assert_null (wd_config_get_path (config));
  g_key_file_set_string (wd_config_get_key_file (config), "defaults", "backend", "offline");
  g_assert_true (wd_config_save (config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wd_config_get_path (config), ==, path);

  again = wd_config_load (NULL, &error);
  g_assert_no_error (error);
  backend = wd_config_dup_default (again, "backend");
  g_assert_cmpstr (backend, ==, "offline");

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_save_refuses_secret (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = write_file (dir, "wiredesk.conf", example_conf);
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  config = wd_config_load (path, &error);
  g_assert_no_error (error);

  g_key_file_set_string (wd_config_get_key_file (config), "target site",
                         "application-password", "abcd efgh ijkl");
  g_assert_false (wd_config_save (config, &error));
  g_assert_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID);
  /* The message says where the secret belongs, and never the secret. */
  g_assert_nonnull (strstr (error->message, "WIREDESK_SECRET_SITE"));
  g_assert_null (strstr (error->message, "abcd"));

  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, example_conf);
}

static void
test_secret_env_name (void)
{
  struct {
    const char *name;
    const char *env;
  } cases[] = {
    { "local-qwen", "WIREDESK_SECRET_LOCAL_QWEN" },
    { "site", "WIREDESK_SECRET_SITE" },
    { "Site 2.0", "WIREDESK_SECRET_SITE_2_0" },
    { "archive copy", "WIREDESK_SECRET_ARCHIVE_COPY" },
    { "zürich", "WIREDESK_SECRET_Z_RICH" },
    { "", "WIREDESK_SECRET_" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *env = wd_config_secret_env_name (cases[i].name);

      g_assert_cmpstr (env, ==, cases[i].env);
    }
}

static void
test_context (void)
{
  g_autofree char *db_path = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&db_path);
  g_autoptr(WdContext) context = NULL;
  g_autoptr(WdContext) with_config = NULL;
  g_autoptr(WdConfig) config = wd_config_new_empty ();

  context = wd_context_new (store, NULL);
  g_assert_true (wd_context_get_store (context) == store);
  /* No configuration behaves as an empty one, never NULL. */
  g_assert_true (WD_IS_CONFIG (wd_context_get_config (context)));

  with_config = wd_context_new (store, config);
  g_assert_true (wd_context_get_config (with_config) == config);

  g_clear_object (&context);
  g_clear_object (&with_config);
  g_assert_finalize_object (g_steal_pointer (&config));
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/config/default-path", test_default_path);
  g_test_add_func ("/config/missing-default-is-empty", test_missing_default_is_empty);
  g_test_add_func ("/config/parse-named-groups", test_parse_named_groups);
  g_test_add_func ("/config/default-file-is-read", test_default_file_is_read);
  g_test_add_func ("/config/missing-explicit-file", test_missing_explicit_file);
  g_test_add_func ("/config/malformed-file", test_malformed_file);
  g_test_add_func ("/config/load-async", test_load_async);
  g_test_add_func ("/config/key-before-group", test_key_before_group);
  g_test_add_func ("/config/group-without-name", test_group_without_name);
  g_test_add_func ("/config/save-round-trip", test_save_round_trip);
  g_test_add_func ("/config/save-empty-to-default", test_save_empty_to_default);
  g_test_add_func ("/config/save-refuses-secret", test_save_refuses_secret);
  g_test_add_func ("/config/secret-env-name", test_secret_env_name);
  g_test_add_func ("/context/new", test_context);

  return g_test_run ();
}
