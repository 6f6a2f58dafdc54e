/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-outbox"

#include <signal.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

#include "publish/wd-outbox.h"
#include "wd-site-server.h"
#include "wd-test-util.h"

/*
 * The outbox against the reference site server (tests/wd-site-server.c)
 * on 127.0.0.1, over a real archive: one click makes exactly one remote
 * post whatever the server or the process does in between.
 */

#define TOKEN "s3cret-token"

typedef struct {
  char         *db;
  char         *config_path;
  WdStore      *store;
  WdConfig     *config;
  WdOutbox     *outbox;
  WdSiteServer *server;
} Fixture;

static gint64
add_brief (Fixture    *f,
           const char *url,
           const char *summary)
{
  return wd_test_add_port_brief (f->store, url, summary);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *conf = NULL;

  f->server = wd_site_server_new (TOKEN);
  f->store = wd_test_open_store (&f->db);
  f->config_path = g_build_filename (dir, "wiredesk.conf", NULL);
  conf = g_strdup_printf ("[defaults]\ntarget=site\n\n"
                          "[target site]\nkind=site-json\nurl=%s\n",
                          wd_site_server_get_url (f->server));
  g_file_set_contents (f->config_path, conf, -1, &error);
  g_assert_no_error (error);
  f->config = wd_config_load (f->config_path, &error);
  g_assert_no_error (error);
  g_setenv ("WIREDESK_SECRET_SITE", TOKEN, TRUE);

  f->outbox = wd_outbox_new (f->store, f->config);
  /* Retries a few milliseconds apart instead of seconds. */
  wd_outbox_set_retry_policy (f->outbox, 10, 6);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->outbox);
  g_clear_object (&f->config);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, wd_site_server_free);
  g_clear_pointer (&f->db, g_free);
  g_clear_pointer (&f->config_path, g_free);
  g_unsetenv ("WIREDESK_SECRET_SITE");
}

static gint64
queue (Fixture *f,
       gint64   brief_id)
{
  g_autoptr(GError) error = NULL;
  gint64 job_id = wd_outbox_queue_publish (f->outbox, brief_id, "site", NULL, NULL, NULL,
                                           &error);

  g_assert_no_error (error);
  g_assert_cmpint (job_id, >, 0);
  return job_id;
}

static WdBriefStatus
status_of (Fixture *f,
           gint64   brief_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = wd_store_load_brief (f->store, brief_id, &error);

  g_assert_no_error (error);
  return wd_brief_get_status (brief);
}

static WdPublishJob *
job_of (Fixture *f,
        gint64   job_id)
{
  g_autoptr(GError) error = NULL;
  WdPublishJob *job = wd_store_get_job (f->store, job_id, &error);

  g_assert_no_error (error);
  return job;
}

static void
test_publish (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBriefRemote) remote = NULL;
  g_autoptr(WdPublishJob) job = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(JsonNode) post = NULL;
  gint64 id = add_brief (f, "https://port.example.com/q3", WD_TEST_PORT_SUMMARY);
  gint64 job_id = queue (f, id);

  /* The status changes with the job, before anything is sent. */
  g_assert_cmpint (status_of (f, id), ==, WD_BRIEF_STATUS_PUBLISHED);
  waiting = wd_store_list_jobs (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 1);

  g_assert_true (wd_outbox_drain (f->outbox, job_id, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);
  job = job_of (f, job_id);
  g_assert_cmpint (job->state, ==, WD_JOB_DONE);
  g_assert_cmpuint (job->attempts, ==, 1);

  remote = wd_store_get_brief_remote (f->store, id, "site", &error);
  g_assert_no_error (error);
  g_assert_nonnull (remote);
  g_assert_true (g_str_has_prefix (remote->url, wd_site_server_get_url (f->server)));
  g_assert_nonnull (remote->published_at);

  post = wd_site_server_get_post (f->server, remote->remote_id);
  g_assert_nonnull (post);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (post), "headline"),
                   ==, "Port traffic up 12 percent");
}

/* The server answers 500 twice, then takes the brief. */
static void
test_retry_server_errors (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdPublishJob) job = NULL;
  gint64 id = add_brief (f, "https://port.example.com/q3", WD_TEST_PORT_SUMMARY);
  gint64 job_id = queue (f, id);

  wd_site_server_fail_next (f->server, 2, 500);
  g_assert_true (wd_outbox_drain (f->outbox, job_id, NULL, &error));
  g_assert_no_error (error);

  job = job_of (f, job_id);
  g_assert_cmpint (job->state, ==, WD_JOB_DONE);
  g_assert_cmpuint (job->attempts, ==, 3);
  g_assert_cmpuint (wd_site_server_count_requests (f->server, "PUT"), ==, 3);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);
}

/* The server stores the brief and drops the connection before it
 * answers: the retry looks for the post first and finds it. */
static void
test_lost_answer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdPublishJob) job = NULL;
  g_autoptr(WdBriefRemote) remote = NULL;
  gint64 id = add_brief (f, "https://port.example.com/q3", WD_TEST_PORT_SUMMARY);
  gint64 job_id = queue (f, id);

  wd_site_server_drop_after_store_next (f->server);
  g_assert_true (wd_outbox_drain (f->outbox, job_id, NULL, &error));
  g_assert_no_error (error);

  job = job_of (f, job_id);
  g_assert_cmpint (job->state, ==, WD_JOB_DONE);
  g_assert_cmpuint (job->attempts, ==, 2);
  g_assert_cmpuint (wd_site_server_count_requests (f->server, "GET"), >=, 1);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);
  remote = wd_store_get_brief_remote (f->store, id, "site", &error);
  g_assert_nonnull (remote);
  g_assert_nonnull (remote->url);
}

/* A refusal is not retried; the brief goes back to Approved, and Retry
 * sends it again. */
static void
test_rejected_then_retry (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdPublishJob) failed = NULL;
  g_autoptr(WdPublishJob) done = NULL;
  gint64 id = add_brief (f, "https://port.example.com/q3", WD_TEST_PORT_SUMMARY);
  gint64 job_id = queue (f, id);

  wd_site_server_fail_next (f->server, 1, 422);
  g_assert_false (wd_outbox_drain (f->outbox, job_id, NULL, &error));
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED);
  g_clear_error (&error);

  failed = job_of (f, job_id);
  g_assert_cmpint (failed->state, ==, WD_JOB_FAILED);
  g_assert_cmpuint (failed->attempts, ==, 1);
  g_assert_nonnull (failed->last_error);
  g_assert_cmpint (status_of (f, id), ==, WD_BRIEF_STATUS_APPROVED);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 0);

  g_assert_true (wd_store_requeue_job (f->store, job_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status_of (f, id), ==, WD_BRIEF_STATUS_PUBLISHED);
  g_assert_true (wd_outbox_drain (f->outbox, job_id, NULL, &error));
  g_assert_no_error (error);
  done = job_of (f, job_id);
  g_assert_cmpint (done->state, ==, WD_JOB_DONE);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);
}

static void
test_preflight_gate (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdReviewReport) report = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 id = add_brief (f, "https://port.example.com/q3-bad",
                         "Container traffic rose 15 percent, said director Erik Sandberg.");
  gint64 job_id;

  job_id = wd_outbox_queue_publish (f->outbox, id, "site", NULL, "  ", &report, &error);
  g_assert_cmpint (job_id, ==, 0);
  g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PREFLIGHT);
  g_clear_error (&error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->n_failures, >, 0);
  g_assert_cmpint (status_of (f, id), ==, WD_BRIEF_STATUS_APPROVED);
  jobs = wd_store_list_jobs (f->store, FALSE, &error);
  g_assert_cmpuint (jobs->len, ==, 0);

  job_id = wd_outbox_queue_publish (f->outbox, id, "site", NULL,
                                    "The director's name was confirmed by phone.", NULL,
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpint (job_id, >, 0);
  reason = wd_store_get_preflight_override (f->store, id, &error);
  g_assert_cmpstr (reason, ==, "The director's name was confirmed by phone.");

  /* A publisher that asked not to be covered stays uncovered, reason or
   * not. */
  {
    gint64 other = add_brief (f, "https://blocked.example.org/story", WD_TEST_PORT_SUMMARY);

    wd_store_set_policy (f->store, "blocked.example.org", WD_POLICY_EXCLUDED, -1, NULL,
                         &error);
    g_assert_no_error (error);
    g_assert_cmpint (wd_outbox_queue_publish (f->outbox, other, "site", NULL, "Because.",
                                              NULL, &error), ==, 0);
    g_assert_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_EXCLUDED);
  }
}

/* Edit after publishing, update, unpublish: one post throughout. */
static void
test_update_and_unpublish (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdPublishJob) update = NULL;
  g_autoptr(WdBriefRemote) remote = NULL;
  g_autoptr(WdBrief) brief = NULL;
  gint64 id = add_brief (f, "https://port.example.com/q3", WD_TEST_PORT_SUMMARY);
  gint64 job_id = queue (f, id);
  gint64 update_id;
  gint64 unpublish_id;

  g_assert_true (wd_outbox_drain (f->outbox, job_id, NULL, &error));
  g_assert_no_error (error);

  wd_store_set_headline (f->store, id, "Port traffic rises 12 percent", &error);
  g_assert_no_error (error);
  /* The loaded brief says where it went and that it changed since. */
  brief = wd_store_load_brief (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (wd_brief_get_published_at (brief));
  g_assert_true (g_str_has_prefix (wd_brief_get_public_url (brief),
                                   wd_site_server_get_url (f->server)));
  g_assert_true (wd_brief_get_changed_since_publish (brief));

  update_id = queue (f, id);
  update = job_of (f, update_id);
  g_assert_cmpint (update->action, ==, WD_JOB_UPDATE);
  g_assert_true (wd_outbox_drain (f->outbox, update_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);
  remote = wd_store_get_brief_remote (f->store, id, "site", &error);
  g_assert_cmpuint (wd_site_server_get_version (f->server, remote->remote_id), ==, 2);
  g_clear_object (&brief);
  brief = wd_store_load_brief (f->store, id, &error);
  g_assert_false (wd_brief_get_changed_since_publish (brief));

  unpublish_id = wd_store_queue_publish (f->store, id, "site", TRUE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status_of (f, id), ==, WD_BRIEF_STATUS_WITHDRAWN);
  g_assert_true (wd_outbox_drain (f->outbox, unpublish_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 0);
}

/* Setting a publisher's policy to excluded queues its published briefs
 * for unpublishing. */
static void
test_takedown (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 published = add_brief (f, "https://port.example.com/q3", WD_TEST_PORT_SUMMARY);
  gint64 kept = add_brief (f, "https://port.example.com/q4", WD_TEST_PORT_SUMMARY);
  guint queued;

  g_assert_true (wd_outbox_drain (f->outbox, queue (f, published), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);

  wd_store_set_policy (f->store, "port.example.com", WD_POLICY_EXCLUDED, -1, NULL, &error);
  g_assert_no_error (error);
  queued = wd_store_queue_takedown (f->store, "port.example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queued, ==, 1);
  jobs = wd_store_list_jobs (f->store, TRUE, &error);
  g_assert_cmpuint (jobs->len, ==, 1);
  g_assert_cmpint (((WdPublishJob *) jobs->pdata[0])->action, ==, WD_JOB_UNPUBLISH);

  g_assert_true (wd_outbox_drain (f->outbox, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 0);
  g_assert_cmpint (status_of (f, published), ==, WD_BRIEF_STATUS_WITHDRAWN);
  g_assert_cmpint (status_of (f, kept), ==, WD_BRIEF_STATUS_APPROVED);
}

/* A target changed in Preferences (the shared configuration) is used by
 * the next publish, without a restart. */
static void
test_config_changes (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(WdSiteServer) moved = wd_site_server_new (TOKEN);
  g_autoptr(GError) error = NULL;
  gint64 first = add_brief (f, "https://port.example.com/q3", WD_TEST_PORT_SUMMARY);
  gint64 second = add_brief (f, "https://port.example.com/q4", WD_TEST_PORT_SUMMARY);

  g_assert_true (wd_outbox_drain (f->outbox, queue (f, first), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);

  g_key_file_set_string (wd_config_get_key_file (f->config), "target site", "url",
                         wd_site_server_get_url (moved));
  g_assert_true (wd_outbox_drain (f->outbox, queue (f, second), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);
  g_assert_cmpuint (wd_site_server_count_posts (moved), ==, 1);
}

/* `wiredesk-cli publish` is SIGKILLed while the server holds its answer;
 * `publish --resume` finishes the job: still one post. */
static void
test_sigkill_cli (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) publish = NULL;
  g_autoptr(GSubprocess) resume = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdPublishJob) job = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *id_text = NULL;
  const char *cli = g_getenv ("WIREDESK_CLI");
  gint64 id = add_brief (f, "https://port.example.com/q3", WD_TEST_PORT_SUMMARY);
  gint64 deadline;

  g_assert_nonnull (cli);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "WIREDESK_DB", f->db, TRUE);
  g_subprocess_launcher_setenv (launcher, "WIREDESK_SECRET_SITE", TOKEN, TRUE);

  /* The server stores what it is sent, then sits on the answer. */
  wd_site_server_set_delay_ms (f->server, 30000);
  publish = g_subprocess_launcher_spawn (launcher, &error, cli, "--config", f->config_path,
                                         "publish", id_text, NULL);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (wd_site_server_count_posts (f->server) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (20000);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);
  g_subprocess_send_signal (publish, SIGKILL);
  g_subprocess_wait (publish, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (publish));

  /* The archive says the job was being sent. */
  jobs = wd_store_list_jobs (f->store, TRUE, &error);
  g_assert_cmpuint (jobs->len, ==, 1);
  g_assert_cmpint (((WdPublishJob *) jobs->pdata[0])->state, ==, WD_JOB_SENDING);

  wd_site_server_set_delay_ms (f->server, 0);
  resume = g_subprocess_launcher_spawn (launcher, &error, cli, "--config", f->config_path,
                                        "publish", "--resume", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (resume, NULL, &error);
  g_assert_no_error (error);

  job = job_of (f, ((WdPublishJob *) jobs->pdata[0])->id);
  g_assert_cmpint (job->state, ==, WD_JOB_DONE);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);
  g_assert_cmpint (status_of (f, id), ==, WD_BRIEF_STATUS_PUBLISHED);
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox/publish", test_publish);
  ADD ("/outbox/retry-server-errors", test_retry_server_errors);
  ADD ("/outbox/lost-answer", test_lost_answer);
  ADD ("/outbox/rejected-then-retry", test_rejected_then_retry);
  ADD ("/outbox/preflight-gate", test_preflight_gate);
  ADD ("/outbox/update-and-unpublish", test_update_and_unpublish);
  ADD ("/outbox/takedown", test_takedown);
  ADD ("/outbox/config-changes", test_config_changes);
  ADD ("/outbox/sigkill-cli", test_sigkill_cli);
#undef ADD

  return g_test_run ();
}
