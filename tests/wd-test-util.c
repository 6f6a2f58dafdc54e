/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "wd-test-util.h"

void
wd_test_init (int    *argc,
              char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  /* A developer's own archive must never be used by a test. */
  g_unsetenv ("WIREDESK_DB");
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

char *
wd_test_make_tmpdir (void)
{
  g_autofree char *template = g_build_filename (g_get_home_dir (), "wd-test-XXXXXX", NULL);

  /* GLib names the isolated home but does not create it. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  g_assert_nonnull (g_mkdtemp (template));

  return g_steal_pointer (&template);
}

WdStore *
wd_test_open_store (char **out_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "archive.db", NULL);
  WdStore *store;

  store = wd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);

  return store;
}

static char *
domain_of (const char *url)
{
  const char *start = strstr (url, "://");
  const char *end;

  if (start == NULL)
    return NULL;
  start += 3;
  end = strchr (start, '/');

  return end != NULL ? g_strndup (start, end - start) : g_strdup (start);
}

gint64
wd_test_add_source (WdStore    *store,
                    const char *title,
                    const char *url,
                    const char *publisher,
                    const char *text)
{
  g_autoptr(WdSource) source = wd_source_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = domain_of (url);
  gint64 brief_id;

  wd_source_set_title (source, title);
  wd_source_set_url (source, url);
  wd_source_set_publisher_name (source, publisher);
  wd_source_set_publisher_domain (source, domain);
  wd_source_set_language (source, "en");
  wd_source_set_text (source, text);

  brief_id = wd_store_add_source (store, source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (brief_id, >, 0);

  return brief_id;
}

static const char * const subjects[] = {
  "City council", "Central bank", "Research team", "Transit agency", "Health ministry",
  "Football club", "Start-up", "Port authority", "University", "Energy company",
  "Weather service", "Museum",
};

static const char * const actions[] = {
  "approves", "delays", "rejects", "announces", "investigates", "funds", "cancels",
  "expands", "reviews", "launches",
};

static const char * const objects[] = {
  "new budget", "bridge repairs", "rate decision", "vaccine trial", "tram line",
  "stadium plan", "solar farm", "flood defences", "data centre", "library wing",
  "harbour dredging",
};

static const char * const places[] = {
  "Zürich", "Lisbon", "Montréal", "Osaka", "Nairobi", "Kraków", "Valparaíso", "Tromsø",
  "Dublin",
};

static const struct {
  const char *name;
  const char *domain;
} publishers[] = {
  { "The Daily Ledger", "ledger.example" },
  { "Northern Courier", "courier.example" },
  { "Harbour Times", "harbourtimes.example" },
  { "Metro Wire", "metrowire.example" },
  { "Quarterly Review", "qreview.example" },
  { "Le Journal", "journal.example" },
  { "Science Desk", "sciencedesk.example" },
};

static const char * const filler[] = {
  "officials", "said", "the", "proposal", "would", "cost", "residents", "analysts",
  "expect", "further", "debate", "next", "month", "according", "to", "documents",
  "seen", "by", "reporters", "budget", "committee", "vote", "season", "growth",
  "survey", "engineers", "warned", "timeline", "critics", "argue", "supporters",
  "welcomed", "decision", "report", "figures", "percent", "million", "district",
};

/* A small linear congruential generator: the same seed gives the same
 * archive on every machine. */
static guint32
next_random (guint32 *state)
{
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

void
wd_test_seed (WdStore *store,
              guint    n)
{
  guint32 state = 20240611;

  for (guint i = 0; i < n; i++)
    {
      const char *subject = subjects[next_random (&state) % G_N_ELEMENTS (subjects)];
      const char *action = actions[next_random (&state) % G_N_ELEMENTS (actions)];
      const char *object = objects[next_random (&state) % G_N_ELEMENTS (objects)];
      const char *place = places[next_random (&state) % G_N_ELEMENTS (places)];
      guint pub = i % G_N_ELEMENTS (publishers);
      g_autofree char *title = NULL;
      g_autofree char *url = NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      guint n_words = 60 + next_random (&state) % 120;
      WdBriefStatus status = i % (WD_BRIEF_STATUS_WITHDRAWN + 1);
      g_autoptr(GError) error = NULL;
      gint64 brief_id;

      title = g_strdup_printf ("%s %s %s in %s", subject, action, object, place);
      url = g_strdup_printf ("https://%s/news/%u-%s", publishers[pub].domain, i + 1,
                             action);

      g_string_append_printf (text, "%s, %s. The %s %s the %s (item %u). ",
                              place, publishers[pub].name, subject, action, object, i + 1);
      for (guint w = 0; w < n_words; w++)
        {
          g_string_append (text, filler[next_random (&state) % G_N_ELEMENTS (filler)]);
          g_string_append (text, w % 14 == 13 ? ". " : " ");
        }
      g_string_append (text, "\n\nThe story is developing.");

      brief_id = wd_test_add_source (store, title, url, publishers[pub].name, text->str);

      if (i % 3 == 0)
        {
          g_autofree char *headline = g_strdup_printf ("%s: %s %s", place, subject, action);

          wd_store_set_headline (store, brief_id, headline, &error);
          g_assert_no_error (error);
        }

      if (status != WD_BRIEF_STATUS_INBOX)
        {
          g_autofree char *summary = g_strdup_printf ("The %s in %s %s the %s.",
                                                      subject, place, action, object);
          WdRevisionInfo info = { WD_ORIGIN_AI, "builtin", "extractive", 1, -1, -1, -1, -1 };

          wd_store_add_revision (store, brief_id, WD_SECTION_SUMMARY, summary, &info, &error);
          g_assert_no_error (error);
          wd_store_set_status (store, brief_id, status, &error);
          g_assert_no_error (error);
        }
    }
}

/* The test HTTP server */

typedef struct {
  guint                status;
  char                *content_type;
  GBytes              *body;
  char                *location;
  WdTestServerHandler  handler;
  gpointer             user_data;
} Route;

struct _WdTestServer {
  SoupServer          *server;
  char                *base;
  GHashTable          *routes;   /* path (or prefix followed by "*") -> Route */
  GHashTable          *hits;     /* path -> count */
  guint                n_hits;
  WdTestServerHandler  watch;
  gpointer             watch_data;
};

static void
route_free (Route *route)
{
  g_free (route->content_type);
  g_clear_pointer (&route->body, g_bytes_unref);
  g_free (route->location);
  g_free (route);
}

void
wd_test_server_respond (SoupServerMessage *msg,
                        guint              status,
                        const char        *content_type,
                        const char        *body,
                        gssize             length)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body,
                                      length < 0 ? strlen (body) : (gsize) length);
}

static Route *
find_route (WdTestServer *self,
            const char   *path)
{
  GHashTableIter iter;
  gpointer key, value;
  Route *best = g_hash_table_lookup (self->routes, path);
  gsize best_length = 0;

  if (best != NULL)
    return best;
  g_hash_table_iter_init (&iter, self->routes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *pattern = key;
      gsize length = strlen (pattern);

      if (length == 0 || pattern[length - 1] != '*')
        continue;
      length--;
      if (length >= best_length && strncmp (path, pattern, length) == 0)
        {
          best = value;
          best_length = length;
        }
    }
  return best;
}

static void
handle_test_request (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  WdTestServer *self = user_data;
  Route *route;

  self->n_hits++;
  g_hash_table_insert (self->hits, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->hits,
                                                                                path)) + 1));
  if (self->watch != NULL)
    self->watch (self, msg, path, self->watch_data);

  route = find_route (self, path);
  if (route == NULL)
    wd_test_server_respond (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "no", 2);
  else if (route->handler != NULL)
    route->handler (self, msg, path, route->user_data);
  else if (route->location != NULL)
    {
      soup_server_message_set_status (msg, route->status, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Location", route->location);
    }
  else
    {
      gsize length = 0;
      const char *data = route->body != NULL ? g_bytes_get_data (route->body, &length) : NULL;

      wd_test_server_respond (msg, route->status, route->content_type,
                              data != NULL ? data : (route->body != NULL ? "" : NULL), length);
    }
}

WdTestServer *
wd_test_server_new (GTlsCertificate *certificate)
{
  WdTestServer *self = g_new0 (WdTestServer, 1);
  g_autoptr(GError) error = NULL;
  SoupServerListenOptions options = SOUP_SERVER_LISTEN_IPV4_ONLY;
  GSList *uris;

  if (certificate != NULL)
    {
      self->server = soup_server_new ("tls-certificate", certificate, NULL);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }
  else
    self->server = soup_server_new (NULL, NULL);
  self->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) route_free);
  self->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  soup_server_add_handler (self->server, NULL, handle_test_request, self, NULL);
  soup_server_listen_local (self->server, 0, options, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->base = g_strdup_printf ("%s://127.0.0.1:%d", g_uri_get_scheme (uris->data),
                                g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return self;
}

void
wd_test_server_free (WdTestServer *self)
{
  if (self == NULL)
    return;
  soup_server_disconnect (self->server);
  g_assert_finalize_object (self->server);
  g_hash_table_unref (self->routes);
  g_hash_table_unref (self->hits);
  g_free (self->base);
  g_free (self);
}

const char *
wd_test_server_get_base (WdTestServer *self)
{
  return self->base;
}

char *
wd_test_server_url (WdTestServer *self,
                    const char   *path)
{
  return g_strconcat (self->base, path, NULL);
}

void
wd_test_server_add (WdTestServer *self,
                    const char   *path,
                    guint         status,
                    const char   *content_type,
                    const char   *body,
                    gssize        length)
{
  Route *route = g_new0 (Route, 1);

  route->status = status;
  route->content_type = g_strdup (content_type);
  if (body != NULL)
    route->body = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);
  g_hash_table_replace (self->routes, g_strdup (path), route);
}

void
wd_test_server_add_redirect (WdTestServer *self,
                             const char   *path,
                             guint         status,
                             const char   *location)
{
  Route *route = g_new0 (Route, 1);

  route->status = status;
  route->location = g_strdup (location);
  g_hash_table_replace (self->routes, g_strdup (path), route);
}

void
wd_test_server_add_handler (WdTestServer        *self,
                            const char          *path,
                            WdTestServerHandler  handler,
                            gpointer             user_data)
{
  Route *route = g_new0 (Route, 1);

  route->handler = handler;
  route->user_data = user_data;
  g_hash_table_replace (self->routes, g_strdup (path), route);
}

void
wd_test_server_set_watch (WdTestServer        *self,
                          WdTestServerHandler  watch,
                          gpointer             user_data)
{
  self->watch = watch;
  self->watch_data = user_data;
}

guint
wd_test_server_get_hits (WdTestServer *self,
                         const char   *path)
{
  if (path == NULL)
    return self->n_hits;
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->hits, path));
}

static const char *port_article =
  "The port authority said on Monday that container traffic rose 12 percent in the third "
  "quarter, to 410,000 boxes, its busiest quarter on record.\n\n"
  "Director Anna Lindqvist said new cranes delivered in June had cut waiting times for "
  "ships from two days to nine hours. The authority plans to spend 85 million euros on a "
  "second terminal by 2028.";

gint64
wd_test_add_port_brief (WdStore    *store,
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
  g_autofree char *text = g_strdup_printf ("%s\n\nThis report came from %s.", port_article,
                                           url);
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
  wd_store_set_status (store, id, WD_BRIEF_STATUS_APPROVED, &error);
  g_assert_no_error (error);
  return id;
}

void
wd_test_cli_clear (WdTestCli *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

void
wd_test_run_cli (WdTestCli          *result,
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
