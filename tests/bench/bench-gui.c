/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-gui: what an editor feels of the window over a 100 000-brief
 * archive, timed by the GDK frame clock of the window itself.
 *
 *   bench-gui [--briefs N] [--archive PATH] [--launches N] [--switches N]
 *             [--presses N] [--token-ms N]
 *
 * - first_frame_ms: from opening the archive (wd_store_open), making the
 *   WdContext and the window and presenting it, to the window's first
 *   "after-paint"; the median of --launches launches over the same file,
 *   after one launch that is not counted (it loads GTK's theme, icons and
 *   fonts). In-process: no exec, no dynamic linking, no gtk_init(), and
 *   the page cache is warm, so a real start adds those. The time to the
 *   first frame that shows rows in the list is printed too.
 * - switch_p95_ms: wd_window_show_brief() alternating between two briefs
 *   of the archive, to the first "after-paint" at which the brief view
 *   shows the new brief loaded (its brief, not loading, stack on "brief").
 * - typing_p95_ms: while 4 drafts stream into other briefs from a model
 *   on 127.0.0.1 (a token every --token-ms ms), a character goes into the
 *   focused section editor the way a key press puts it there
 *   (gtk_text_buffer_insert_interactive_at_cursor(), from a timeout every
 *   60 ms); the time from just before the insert to the next
 *   "after-paint". The delay of the timeout itself (a busy main loop
 *   dispatches it late, as it would a key event) is printed too, and the
 *   same presses with no draft running, before the drafts start.
 *
 * GTK draws with Cairo here unless GSK_RENDERER says otherwise: under Xvfb
 * its GL renderer runs on Mesa's software rasterizer (see
 * set_up_environment()).
 *
 * The archive is generated once (a few minutes for 100 000 briefs; progress
 * on stderr) next to this program, bench-gui-N.db, and kept for the next
 * run. Without a display the program runs itself again under xvfb-run.
 * stdout: a table, and as its last line one JSON object.
 */
#define G_LOG_DOMAIN "wd-bench-gui"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <unistd.h>

#include <glib/gstdio.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "bench-corpus.h"
#include "wd-brief-row.h"
#include "wd-brief-view.h"
#include "wiredesk-core.h"
#include "wd-window.h"

#define DEFAULT_BRIEFS    100000
#define PROGRESS_EVERY    10000
#define ARCHIVE_SEED      0x6a1be7c5
#define N_DRAFTS          4
#define PRESS_INTERVAL_MS 60
#define SETTLE_MS         150
#define WAIT_LIMIT_US     (20 * G_USEC_PER_SEC)
#define N_LAUNCH_PARTS    4

/* ---------------------------------------------------------------------- */
/* Figures */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest rank, of a sorted array. */
static double
percentile (GArray *sorted,
            double  p)
{
  guint rank;

  if (sorted->len == 0)
    return 0;
  rank = (guint) ceil (p / 100.0 * sorted->len);
  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

static void
print_figures (const char *label,
               GArray     *values)
{
  g_array_sort (values, compare_doubles);
  printf ("  %-34s p50 %7.1f  p95 %7.1f  max %7.1f ms  n=%u\n", label,
          percentile (values, 50), percentile (values, 95),
          values->len > 0 ? g_array_index (values, double, values->len - 1) : 0.0,
          values->len);
}

static double
ms_between (gint64 start_us,
            gint64 end_us)
{
  return (end_us - start_us) / 1000.0;
}

/* ---------------------------------------------------------------------- */
/* The archive */

static char *
generate_title (const Corpus *corpus,
                Prng         *prng)
{
  GString *out = g_string_new (NULL);
  guint n = 6 + prng_below (prng, 7);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      /* A name now and then, as headlines have. */
      if (prng_below (prng, 8) == 0)
        g_string_append (out, g_ptr_array_index (corpus->names, prng_below (prng, N_NAMES)));
      else
        g_string_append (out, corpus_word (corpus, prng));
    }
  out->str[0] = g_ascii_toupper (out->str[0]);
  return g_string_free (out, FALSE);
}

/* Source @index: 600-900 words, one of 50 publishers, three years of
 * dates, oldest first (the list shows the newest). */
static WdSource *
generate_source (const Corpus *corpus,
                 Prng         *prng,
                 guint         index,
                 guint         n_total)
{
  g_autoptr(WdSource) source = wd_source_new ();
  g_autoptr(GDateTime) epoch = g_date_time_new_utc (2023, 1, 1, 6, 0, 0);
  g_autoptr(GDateTime) published = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *title = generate_title (corpus, prng);
  g_autofree char *url = NULL;
  g_autofree char *domain = NULL;
  guint publisher = prng_below (prng, 50);
  const char *publisher_name = g_ptr_array_index (corpus->names, publisher * 3);

  append_text (text, corpus, prng, 600 + prng_below (prng, 301));
  g_strchomp (text->str);
  published = g_date_time_add_seconds (epoch, 3.0 * 365 * 24 * 3600 * index / MAX (n_total, 1));
  domain = g_strdup_printf ("paper%02u.example", publisher);
  url = g_strdup_printf ("https://%s/%04d/story-%u", domain,
                         g_date_time_get_year (published), index + 1);

  wd_source_set_url (source, url);
  wd_source_set_canonical_url (source, url);
  wd_source_set_publisher_name (source, publisher_name);
  wd_source_set_publisher_domain (source, domain);
  wd_source_set_title (source, title);
  wd_source_set_byline (source, g_ptr_array_index (corpus->names, 1 + publisher * 3));
  wd_source_set_published_at (source, published);
  wd_source_set_fetched_at (source, published);
  wd_source_set_language (source, "en");
  wd_source_set_text (source, text->str);
  return g_steal_pointer (&source);
}

static guint
count_briefs (const char *path)
{
  g_autoptr(WdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint count;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return 0;
  store = wd_store_open (path, &error);
  if (store == NULL)
    return 0;
  count = wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error);
  return error == NULL ? count : 0;
}

static void
remove_archive (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

/* The store emits "changed" on this thread's main context: let it. */
static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Builds @path unless it already holds @n_briefs briefs. The build goes to
 * a file of this process beside it that is renamed at the end, so neither
 * an interrupted build nor two at once leave a half-built archive. */
static gboolean
ensure_archive (const char  *path,
                guint        n_briefs,
                GError     **error)
{
  g_autofree char *partial = g_strdup_printf ("%s.partial-%d", path, (int) getpid ());
  g_autoptr(WdStore) store = NULL;
  Corpus corpus;
  Prng prng = { ARCHIVE_SEED };
  gint64 start;

  if (count_briefs (path) == n_briefs)
    {
      g_printerr ("bench-gui: using the archive %s (%u briefs)\n", path, n_briefs);
      return TRUE;
    }

  remove_archive (partial);
  g_printerr ("bench-gui: building %u briefs in %s (kept for the next run)\n",
              n_briefs, path);
  store = wd_store_open (partial, error);
  if (store == NULL)
    return FALSE;

  corpus_init (&corpus);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_briefs; i++)
    {
      g_autoptr(WdSource) source = generate_source (&corpus, &prng, i, n_briefs);

      if (wd_store_add_source (store, source, NULL, error) <= 0)
        {
          corpus_clear (&corpus);
          return FALSE;
        }
      if (i % 64 == 63)
        drain_main_context ();
      if ((i + 1) % PROGRESS_EVERY == 0)
        {
          double s = ms_between (start, g_get_monotonic_time ()) / 1000.0;

          g_printerr ("bench-gui: %7u briefs  %6.1f s  %5.0f briefs/s\n", i + 1, s,
                      (i + 1) / s);
        }
    }
  corpus_clear (&corpus);

  /* Closing the last connection checkpoints the WAL into the file. */
  g_clear_object (&store);
  drain_main_context ();
  remove_archive (path);
  if (g_rename (partial, path) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Could not rename %s to %s", partial, path);
      return FALSE;
    }
  remove_archive (partial);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* A model on 127.0.0.1 that streams slowly, in a thread of its own as a
 * real server would be, so its work does not run in the window's loop. */

typedef struct {
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  guint         port;
  guint         token_ms;
  guint         max_tokens;
  Corpus        corpus;
  int           streaming;  /* atomic: answers being sent */
  int           tokens;     /* atomic: tokens sent in all */
  GMutex        lock;
  GCond         ready;
} Server;

typedef struct {
  Server            *server;
  SoupServerMessage *msg;
  Prng               prng;
  guint              sent;
  gboolean           gone;
} Stream;

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  g_atomic_int_add (&stream->server->streaming, -1);
  g_signal_handlers_disconnect_by_data (stream->msg, stream);
  g_object_unref (stream->msg);
  g_free (stream);
}

static void
on_stream_gone (SoupServerMessage *msg,
                gpointer           user_data)
{
  ((Stream *) user_data)->gone = TRUE;
}

static gboolean
send_token (gpointer user_data)
{
  Stream *stream = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  g_autofree char *chunk = NULL;
  gsize length;

  if (stream->gone)
    return G_SOURCE_REMOVE;
  if (stream->sent == stream->server->max_tokens)
    {
      static const char end[] =
        "data: {\"object\":\"chat.completion.chunk\",\"model\":\"bench-7b\",\"choices\":[{"
        "\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

      soup_message_body_append (body, SOUP_MEMORY_STATIC, end, sizeof end - 1);
      soup_message_body_complete (body);
      soup_server_message_unpause (stream->msg);
      return G_SOURCE_REMOVE;
    }

  /* A paragraph break now and then, as a model writes them. */
  chunk = g_strdup_printf ("data: {\"object\":\"chat.completion.chunk\",\"model\":\"bench-7b\","
                           "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s%s\"},"
                           "\"finish_reason\":null}]}\n\n",
                           stream->sent == 0 ? "" :
                           prng_below (&stream->prng, 60) == 0 ? ".\\n\\n" : " ",
                           corpus_word (&stream->server->corpus, &stream->prng));
  stream->sent++;
  g_atomic_int_inc (&stream->server->tokens);
  length = strlen (chunk);
  soup_message_body_append_take (body, (guchar *) g_steal_pointer (&chunk), length);
  soup_server_message_unpause (stream->msg);
  return G_SOURCE_CONTINUE;
}

static void
handle_chat (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Server *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Stream *stream = g_new0 (Stream, 1);
  GSource *source;

  stream->server = server;
  stream->msg = g_object_ref (msg);
  stream->prng.state = g_atomic_int_add (&server->streaming, 1) + 1 + g_get_monotonic_time ();

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  g_signal_connect (msg, "finished", G_CALLBACK (on_stream_gone), stream);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_stream_gone), stream);
  soup_server_message_pause (msg);

  /* This thread's context, not the window's. */
  source = g_timeout_source_new (server->token_ms);
  g_source_set_callback (source, send_token, stream, stream_free);
  g_source_attach (source, server->context);
  g_source_unref (source);
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);
  server->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->server, "/v1/chat/completions", handle_chat, server, NULL);
  if (!soup_server_listen_local (server->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("bench-gui: %s", error->message);
  uris = soup_server_get_uris (server->server);
  g_mutex_lock (&server->lock);
  server->port = g_uri_get_port (uris->data);
  g_cond_signal (&server->ready);
  g_mutex_unlock (&server->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (server->loop);

  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static void
server_start (Server *server,
              guint   token_ms)
{
  corpus_init (&server->corpus);
  server->token_ms = token_ms;
  /* Long enough to outlast the measurement many times over. */
  server->max_tokens = 600 * 1000 / MAX (token_ms, 1);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  g_mutex_init (&server->lock);
  g_cond_init (&server->ready);
  g_thread_unref (g_thread_new ("bench-model", server_thread, server));
  g_mutex_lock (&server->lock);
  while (server->port == 0)
    g_cond_wait (&server->ready, &server->lock);
  g_mutex_unlock (&server->lock);
}

/* ---------------------------------------------------------------------- */
/* The window */

typedef enum {
  WATCH_NONE,
  WATCH_SWITCH,
  WATCH_TYPING,
} WatchKind;

typedef struct {
  char          *archive;
  WdConfig      *config;

  /* One launch */
  gint64         launch_start;
  gint64         first_paint;
  gint64         rows_paint;

  /* The window that stays */
  WdStore       *store;
  WdContext     *context;
  WdWindow      *window;
  WdBriefView   *view;
  GtkStack      *view_stack;
  GdkFrameClock *clock;
  gulong         paint_handler;

  WatchKind      watch;
  gint64         target;
  gint64         start;     /* the switch's call, the press's insert */
  gint64         painted;
  gint64         loaded;    /* the view's "brief" became the target */

  GArray        *switch_ms;
  GArray        *switch_load_ms;
  GArray        *typing_ms;
  GArray        *typing_delay_ms;
  GArray        *frame_gap_ms;
  gint64         last_paint;
  GArray        *press_ms;        /* where press_key() puts its figures */
  GArray        *press_delay_ms;
  GArray        *press_wait_ms;   /* from the insert to its frame's start */
  GArray        *press_frame_ms;  /* that frame: its start to after-paint */
  gint64         frame_start;     /* the latest "before-paint" */
  gulong         before_handler;
  guint          presses_left;
  guint          press_source;
} Bench;

typedef gboolean (*WaitFunc) (gpointer data);

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
is_set (gpointer data)
{
  return *(gint64 *) data != 0;
}

static gboolean
wake_up_again (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the loop until @func holds; a guard against a hang, not a
 * measurement. */
static void
wait_for (WaitFunc        func,
          gpointer        data,
          const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  gboolean woken = FALSE;
  guint tick;

  if (func (data))
    return;
  /* Something to wake the loop, so the deadline is seen when nothing
   * else happens. */
  tick = g_timeout_add (500, wake_up_again, &woken);
  while (!func (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("bench-gui: gave up waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

static gboolean
wake_up (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the window run for @ms: frames, loads and saves in flight end. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, wake_up, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
view_shows (Bench  *bench,
            gint64  brief_id)
{
  WdBrief *brief = wd_brief_view_get_brief (bench->view);

  return brief != NULL && wd_brief_get_id (brief) == brief_id &&
         !wd_brief_view_get_loading (bench->view) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (bench->view_stack), "brief") == 0;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the list shows a brief yet: it loads its first page off the
 * main thread too. */
static gboolean
list_has_rows (WdWindow *window)
{
  GObject *list = gtk_widget_get_template_child (GTK_WIDGET (window), WD_TYPE_WINDOW,
                                                 "brief_list_view");

  return list != NULL && find_widget (GTK_WIDGET (list), WD_TYPE_BRIEF_ROW) != NULL;
}

/* ---------------------------------------------------------------------- */
/* 1. Launch to first frame */

typedef struct {
  Bench    *bench;
  WdWindow *window;
} Launch;

static void
on_launch_after_paint (GdkFrameClock *clock,
                       Launch        *launch)
{
  Bench *bench = launch->bench;
  gint64 now = g_get_monotonic_time ();

  if (bench->first_paint == 0)
    bench->first_paint = now;
  if (bench->rows_paint == 0 && list_has_rows (launch->window))
    bench->rows_paint = now;
  if (bench->rows_paint != 0)
    g_signal_handlers_disconnect_by_func (clock, on_launch_after_paint, launch);
}

static void
on_launch_realize (GtkWidget *widget,
                   Launch    *launch)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (on_launch_after_paint), launch);
}

/* One launch: archive, context, window, presented, to its first frame and
 * to the first frame that shows rows in the list; then all of it closed. */
static void
launch_once (Bench  *bench,
             double *out_first_ms,
             double *out_rows_ms,
             double *out_parts_ms)
{
  g_autoptr(GError) error = NULL;
  WdStore *store;
  WdContext *context;
  WdWindow *window;
  Launch launch = { bench, NULL };
  gint64 parts[3];

  bench->first_paint = bench->rows_paint = 0;
  bench->launch_start = g_get_monotonic_time ();

  store = wd_store_open (bench->archive, &error);
  if (store == NULL)
    g_error ("bench-gui: %s", error->message);
  context = wd_context_new (store, bench->config);
  parts[0] = g_get_monotonic_time ();
  window = launch.window = wd_window_new (NULL, context);
  parts[1] = g_get_monotonic_time ();
  g_signal_connect_after (window, "realize", G_CALLBACK (on_launch_realize), &launch);
  gtk_window_present (GTK_WINDOW (window));
  parts[2] = g_get_monotonic_time ();

  wait_for (is_set, &bench->rows_paint, "the list's first rows");
  *out_first_ms = ms_between (bench->launch_start, bench->first_paint);
  *out_rows_ms = ms_between (bench->launch_start, bench->rows_paint);
  /* Where the time to the first frame went: the archive and context, the
   * window's construction, present() (realize, map), the loop until the
   * frame was painted. */
  out_parts_ms[0] = ms_between (bench->launch_start, parts[0]);
  out_parts_ms[1] = ms_between (parts[0], parts[1]);
  out_parts_ms[2] = ms_between (parts[1], parts[2]);
  out_parts_ms[3] = ms_between (parts[2], bench->first_paint);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_for (is_null, &window, "the window to close");
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_unref (context);
  g_object_unref (store);
  wait_for (is_null, &store, "the archive to close");
}

/* ---------------------------------------------------------------------- */
/* 2. and 3.: the window that stays, watched frame by frame */

static void
on_before_paint (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->frame_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();

  if (bench->last_paint != 0 && bench->watch == WATCH_TYPING)
    {
      double gap = ms_between (bench->last_paint, now);

      g_array_append_val (bench->frame_gap_ms, gap);
    }
  bench->last_paint = now;

  if (bench->start == 0 || bench->painted != 0)
    return;
  switch (bench->watch)
    {
    case WATCH_SWITCH:
      if (view_shows (bench, bench->target))
        bench->painted = now;
      break;
    case WATCH_TYPING:
      /* The insert came before this frame's layout: the frame shows it. */
      bench->painted = now;
      {
        double wait = ms_between (bench->start, MAX (bench->start, bench->frame_start));
        double frame = ms_between (MAX (bench->start, bench->frame_start), now);

        g_array_append_val (bench->press_wait_ms, wait);
        g_array_append_val (bench->press_frame_ms, frame);
      }
      break;
    case WATCH_NONE:
    default:
      break;
    }
}

static void
on_view_brief (WdBriefView *view,
               GParamSpec  *pspec,
               Bench       *bench)
{
  WdBrief *brief = wd_brief_view_get_brief (view);

  if (bench->watch == WATCH_SWITCH && bench->loaded == 0 && brief != NULL &&
      wd_brief_get_id (brief) == bench->target)
    bench->loaded = g_get_monotonic_time ();
}

static void
open_window (Bench *bench)
{
  g_autoptr(GError) error = NULL;

  bench->store = wd_store_open (bench->archive, &error);
  if (bench->store == NULL)
    g_error ("bench-gui: %s", error->message);
  bench->context = wd_context_new (bench->store, bench->config);
  bench->window = wd_window_new (NULL, bench->context);
  gtk_window_present (GTK_WINDOW (bench->window));
  bench->view = WD_BRIEF_VIEW (gtk_widget_get_template_child (GTK_WIDGET (bench->window),
                                                              WD_TYPE_WINDOW, "brief_view"));
  bench->view_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (bench->view),
                                                                WD_TYPE_BRIEF_VIEW, "stack"));
  g_assert (bench->view != NULL && bench->view_stack != NULL);
  g_signal_connect (bench->view, "notify::brief", G_CALLBACK (on_view_brief), bench);
  bench->clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  g_assert (bench->clock != NULL);
  bench->paint_handler = g_signal_connect (bench->clock, "after-paint",
                                           G_CALLBACK (on_after_paint), bench);
  bench->before_handler = g_signal_connect (bench->clock, "before-paint",
                                            G_CALLBACK (on_before_paint), bench);
}

/* Spins the loop until @func holds or @ms pass; whether it held. */
static gboolean
wait_at_most (WaitFunc  func,
              gpointer  data,
              guint     ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;
  guint tick = g_timeout_add (100, wake_up_again, NULL);

  while (!func (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return func (data);
}

/* The figures are taken by now: a window or archive that outlives its
 * close is reported, not waited for. */
static void
close_window (Bench *bench)
{
  WdWindow *window = bench->window;
  WdStore *store = bench->store;

  g_clear_signal_handler (&bench->paint_handler, bench->clock);
  g_clear_signal_handler (&bench->before_handler, bench->clock);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (bench->window));
  bench->window = NULL;
  if (!wait_at_most (is_null, &window, 10000))
    {
      g_printerr ("bench-gui: the window was not finalized 10 s after it closed "
                  "(something still holds it)\n");
      g_object_remove_weak_pointer (G_OBJECT (window), (gpointer *) &window);
    }
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_clear_object (&bench->context);
  g_clear_object (&bench->store);
  if (!wait_at_most (is_null, &store, 10000))
    {
      g_printerr ("bench-gui: the archive was not closed 10 s after the window\n");
      g_object_remove_weak_pointer (G_OBJECT (store), (gpointer *) &store);
    }
}

/* Shows @brief_id and waits until a frame shows it loaded: ms, and in
 * @out_load_ms the part until the view had the brief from the archive. */
static double
switch_to (Bench  *bench,
           gint64  brief_id,
           double *out_load_ms)
{
  gint64 start;

  bench->watch = WATCH_SWITCH;
  bench->target = brief_id;
  bench->painted = 0;
  bench->loaded = 0;
  start = bench->start = g_get_monotonic_time ();
  wd_window_show_brief (bench->window, brief_id);
  wait_for (is_set, &bench->painted, "a brief to show");
  bench->start = 0;
  bench->watch = WATCH_NONE;
  if (out_load_ms != NULL)
    *out_load_ms = ms_between (start, bench->loaded != 0 ? bench->loaded : bench->painted);
  return ms_between (start, bench->painted);
}

static GtkTextBuffer *
focused_buffer (Bench *bench)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (bench->window));

  if (!GTK_IS_TEXT_VIEW (focus))
    g_error ("bench-gui: the focus is in a %s, not a section editor",
             focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus));
}

/* One key press's worth of text into the focused editor, as GtkTextView
 * inserts it for a key event, then the next press. The delay of this
 * timeout is what a busy main loop does to a key event too. */
static gboolean
press_key (gpointer data)
{
  Bench *bench = data;
  GSource *source = g_main_current_source ();
  static const char keys[] = "the council voted on the plan ";
  gint64 now = g_get_monotonic_time ();
  double delay = ms_between (g_source_get_ready_time (source), now);
  char key = keys[bench->presses_left % (sizeof keys - 1)];

  /* The last press has not been painted yet: its frame is late. Count the
   * wait as this press's and do not start another. */
  if (bench->start != 0 && bench->painted == 0)
    return G_SOURCE_CONTINUE;
  if (bench->start != 0)
    {
      double ms = ms_between (bench->start, bench->painted);

      g_array_append_val (bench->press_ms, ms);
      bench->start = 0;
      if (bench->presses_left == 0)
        {
          bench->press_source = 0;
          return G_SOURCE_REMOVE;
        }
    }

  g_array_append_val (bench->press_delay_ms, delay);
  bench->painted = 0;
  bench->start = g_get_monotonic_time ();
  gtk_text_buffer_insert_interactive_at_cursor (focused_buffer (bench), &key, 1, TRUE);
  bench->presses_left--;
  return G_SOURCE_CONTINUE;
}

static gboolean
presses_done (gpointer data)
{
  return ((Bench *) data)->press_source == 0;
}

/* @n presses, PRESS_INTERVAL_MS apart, into the focused editor. */
static void
run_presses (Bench  *bench,
             guint   n,
             GArray *out_ms,
             GArray *out_delay_ms,
             GArray *out_wait_ms,
             GArray *out_frame_ms)
{
  bench->watch = WATCH_TYPING;
  bench->press_ms = out_ms;
  bench->press_delay_ms = out_delay_ms;
  bench->press_wait_ms = out_wait_ms;
  bench->press_frame_ms = out_frame_ms;
  bench->presses_left = n;
  bench->last_paint = 0;
  bench->start = 0;
  bench->press_source = g_timeout_add (PRESS_INTERVAL_MS, press_key, bench);
  while (!presses_done (bench))
    g_main_context_iteration (NULL, TRUE);
  bench->watch = WATCH_NONE;
}

static gboolean
all_streaming (gpointer data)
{
  Server *server = data;

  return g_atomic_int_get (&server->streaming) >= N_DRAFTS &&
         g_atomic_int_get (&server->tokens) >= N_DRAFTS * 10;
}

/* ---------------------------------------------------------------------- */

static WdConfig *
make_config (const char *dir,
             guint       port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "wiredesk.conf", NULL);
  g_autofree char *contents = NULL;
  WdConfig *config;

  /* parallel: all four drafts stream at once. */
  contents = g_strdup_printf ("[defaults]\nbackend=bench\n\n[backend bench]\nkind=openai\n"
                              "base-url=http://127.0.0.1:%u/v1\nmodel=bench-7b\nparallel=%d\n",
                              port, N_DRAFTS);
  if (!g_file_set_contents (path, contents, -1, &error) ||
      (config = wd_config_load (path, &error)) == NULL)
    g_error ("bench-gui: %s", error->message);
  return config;
}

/* Runs the program again under xvfb-run when there is no display. */
static void
ensure_display (int    argc,
                char **argv)
{
  g_autofree char *xvfb_run = NULL;
  g_autofree char *self = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) new_argv = NULL;

  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return;
  xvfb_run = g_find_program_in_path ("xvfb-run");
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (xvfb_run == NULL || self == NULL)
    {
      g_printerr ("bench-gui: There is no display and no xvfb-run; install xvfb or run "
                  "this under a desktop.\n");
      exit (1);
    }
  builder = g_strv_builder_new ();
  g_strv_builder_add_many (builder, xvfb_run, "-a", "-s", "-screen 0 1600x1000x24", self,
                           NULL);
  for (int i = 1; i < argc; i++)
    g_strv_builder_add (builder, argv[i]);
  new_argv = g_strv_builder_end (builder);
  execv (xvfb_run, new_argv);
  g_printerr ("bench-gui: could not run %s: %s\n", xvfb_run, g_strerror (errno));
  exit (1);
}

/* Deletes @path and everything below it. */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
          !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A home of its own in a temporary directory and the settings schema of
 * this build, in memory: nothing of the developer's own configuration,
 * settings or archive is read or changed. Returns the directory. */
static char *
set_up_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *bench_dir = self != NULL ? g_path_get_dirname (self) : g_strdup (".");
  g_autofree char *schemas = g_build_filename (bench_dir, "..", "..", "data", NULL);
  char *home = g_dir_make_tmp ("bench-gui-XXXXXX", &error);
  const char *xdg[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                        "XDG_STATE_HOME" };

  if (home == NULL)
    g_error ("bench-gui: %s", error->message);
  /* Before anything asks GLib for these directories: it keeps them. */
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (home, xdg[i], NULL);

      g_mkdir (dir, 0700);
      g_setenv (xdg[i], dir, TRUE);
    }
  g_unsetenv ("WIREDESK_DB");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, FALSE);
  /* Xvfb has no accessibility bus, and asking for it only warns. */
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* Xvfb has no GPU: GTK's GL renderer then runs on Mesa's software
   * rasterizer, which takes 50-150 ms a frame for this window on a small
   * machine and would be all the figures measure. Cairo draws only what
   * changed, closer to what a GPU costs. GSK_RENDERER=gl measures GL. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  /* The model's key, so no Secret Service is asked. */
  g_setenv ("WIREDESK_SECRET_BENCH", "sk-bench", TRUE);
  return home;
}

static char *
default_archive_path (guint n_briefs)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : g_get_current_dir ();
  g_autofree char *name = g_strdup_printf ("bench-gui-%u.db", n_briefs);

  return g_build_filename (dir, name, NULL);
}

static char *
format_ms (char   *buffer,
           double  value)
{
  /* JSON wants a '.' whatever LC_NUMERIC says. */
  return g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.1f", value);
}

int
main (int    argc,
      char **argv)
{
  int n_briefs = DEFAULT_BRIEFS;
  int launches = 5;
  int switches = 60;
  int presses = 200;
  int token_ms = 20;
  gboolean build_only = FALSE;
  g_autofree char *archive = NULL;
  const GOptionEntry entries[] = {
    { "briefs", 0, 0, G_OPTION_ARG_INT, &n_briefs,
      "Briefs in the archive (default 100000)", "N" },
    { "archive", 0, 0, G_OPTION_ARG_FILENAME, &archive,
      "The archive to use or build (default bench-gui-N.db beside this program)", "PATH" },
    { "launches", 0, 0, G_OPTION_ARG_INT, &launches, "Launches timed (default 5)", "N" },
    { "switches", 0, 0, G_OPTION_ARG_INT, &switches, "Switches timed (default 60)", "N" },
    { "presses", 0, 0, G_OPTION_ARG_INT, &presses, "Key presses timed (default 200)", "N" },
    { "token-ms", 0, 0, G_OPTION_ARG_INT, &token_ms,
      "Milliseconds between two tokens of each draft (default 20)", "MS" },
    { "build-only", 0, 0, G_OPTION_ARG_NONE, &build_only,
      "Only build the archive", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rows_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *launch_parts_ms[N_LAUNCH_PARTS];
  g_autoptr(GArray) typing_idle_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) typing_idle_delay_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) typing_idle_wait_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) typing_idle_frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) typing_wait_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) typing_frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) switch_first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *home = NULL;
  g_autofree char *renderer = NULL;
  int window_width, window_height;
  Server server = { 0 };
  Bench bench = { 0 };
  gint64 pair[2], typed_id;
  double first_p50, switch_p95, typing_p95;
  guint tokens_before, tokens_during;
  gint64 typing_start;
  GRand *rand;

  /* Before the options are parsed out of argv. */
  ensure_display (argc, argv);

  for (guint p = 0; p < N_LAUNCH_PARTS; p++)
    launch_parts_ms[p] = g_array_new (FALSE, FALSE, sizeof (double));

  options = g_option_context_new ("- time the window over a large archive");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("bench-gui: %s\n", error->message);
      return 2;
    }
  if (n_briefs < 100 || launches < 1 || switches < 2 || presses < 1 || token_ms < 1)
    {
      g_printerr ("bench-gui: --briefs needs at least 100, the counts at least 1 "
                  "(switches 2).\n");
      return 2;
    }
  if (archive == NULL)
    archive = default_archive_path (n_briefs);

  /* Minutes for a new archive: before GTK. */
  if (!ensure_archive (archive, n_briefs, &error))
    {
      g_printerr ("bench-gui: Could not build the archive: %s\n", error->message);
      return 1;
    }
  if (build_only)
    return 0;

  home = set_up_environment ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-gui: GTK found no display.\n");
      return 1;
    }
  adw_init ();

  server_start (&server, token_ms);
  bench.archive = archive;
  bench.config = make_config (home, server.port);
  bench.switch_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.switch_load_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.typing_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.typing_delay_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.frame_gap_ms = g_array_new (FALSE, FALSE, sizeof (double));

  /* 1. Launches. The first one also loads GTK's own themes, icons and
   * fonts for the process: it is shown but not counted. */
  g_printerr ("bench-gui: %d launches (and one to warm up)\n", launches);
  for (int i = 0; i <= launches; i++)
    {
      double first, rows, parts[N_LAUNCH_PARTS];

      launch_once (&bench, &first, &rows, parts);
      g_printerr ("bench-gui:   launch %d: first frame %.1f ms (archive %.1f, window %.1f, "
                  "present %.1f, to the paint %.1f), list rows %.1f ms%s\n", i, first,
                  parts[0], parts[1], parts[2], parts[3], rows,
                  i == 0 ? " (warm-up, not counted)" : "");
      if (i == 0)
        continue;
      g_array_append_val (first_ms, first);
      g_array_append_val (rows_ms, rows);
      for (guint p = 0; p < N_LAUNCH_PARTS; p++)
        g_array_append_val (launch_parts_ms[p], parts[p]);
      settle (SETTLE_MS);
    }

  /* 2. Switching between two briefs, each with its 600-900 words. */
  rand = g_rand_new ();
  pair[0] = n_briefs / 2;
  pair[1] = n_briefs / 2 + 1;
  open_window (&bench);
  switch_to (&bench, pair[1], NULL);
  settle (SETTLE_MS);
  g_printerr ("bench-gui: %d switches between briefs %" G_GINT64_FORMAT " and %"
              G_GINT64_FORMAT "\n", switches, pair[0], pair[1]);
  for (int i = 0; i < switches; i++)
    {
      double load_ms;
      double ms = switch_to (&bench, pair[i % 2], &load_ms);

      /* The first show of each brief reads it from the disk cache, the
       * rest from SQLite's: kept apart. */
      if (i < 2)
        g_array_append_val (switch_first_ms, ms);
      else
        {
          g_array_append_val (bench.switch_ms, ms);
          g_array_append_val (bench.switch_load_ms, load_ms);
        }
      settle (SETTLE_MS);
    }

  /* 3. Typing, first alone, then while four drafts stream into other
   * briefs: ids drawn anew each run, so no run types or drafts over an
   * earlier run's text. */
  typed_id = g_rand_int_range (rand, 1, n_briefs / 4);
  switch_to (&bench, typed_id, NULL);
  wd_brief_view_focus_section (bench.view, WD_SECTION_SUMMARY);
  settle (SETTLE_MS);
  focused_buffer (&bench);
  g_printerr ("bench-gui: %d key presses, %d ms apart, no drafts\n", MIN (presses, 100),
              PRESS_INTERVAL_MS);
  run_presses (&bench, MIN (presses, 100), typing_idle_ms, typing_idle_delay_ms,
               typing_idle_wait_ms, typing_idle_frame_ms);

  for (guint i = 0; i < N_DRAFTS; i++)
    {
      gint64 id = g_rand_int_range (rand, n_briefs / 4, n_briefs / 2);

      wd_draft_queue_add (wd_window_get_draft_queue (bench.window), id, NULL, 0,
                          WD_DRAFT_FLAGS_FORCE, NULL);
    }
  g_rand_free (rand);
  wait_for (all_streaming, &server, "four drafts to stream");
  settle (1000);
  wd_brief_view_focus_section (bench.view, WD_SECTION_SUMMARY);
  settle (SETTLE_MS);
  focused_buffer (&bench);

  g_printerr ("bench-gui: %d key presses, %d ms apart, while %d drafts stream\n", presses,
              PRESS_INTERVAL_MS, N_DRAFTS);
  g_array_set_size (bench.frame_gap_ms, 0);
  tokens_before = g_atomic_int_get (&server.tokens);
  typing_start = g_get_monotonic_time ();
  run_presses (&bench, presses, bench.typing_ms, bench.typing_delay_ms, typing_wait_ms,
               typing_frame_ms);
  tokens_during = g_atomic_int_get (&server.tokens) - tokens_before;
  if (g_atomic_int_get (&server.streaming) < N_DRAFTS)
    g_printerr ("bench-gui: only %d drafts were still streaming at the end\n",
                g_atomic_int_get (&server.streaming));

  window_width = gtk_widget_get_width (GTK_WIDGET (bench.window));
  window_height = gtk_widget_get_height (GTK_WIDGET (bench.window));
  renderer = g_strdup (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (bench.window))));
  wd_draft_queue_cancel_all (wd_window_get_draft_queue (bench.window));
  settle (500);
  close_window (&bench);

  /* The table */
  printf ("Wiredesk window benchmark (tests/bench/bench-gui.c), %d briefs\n", n_briefs);
  printf ("In-process: times start at wd_store_open(), after GTK is up; no exec.\n");
  printf ("Window %dx%d, renderer %s\n\n", window_width, window_height, renderer);
  print_figures ("launch to first frame", first_ms);
  print_figures ("  of which archive + context", launch_parts_ms[0]);
  print_figures ("  of which wd_window_new()", launch_parts_ms[1]);
  print_figures ("  of which present()", launch_parts_ms[2]);
  print_figures ("  of which loop to the paint", launch_parts_ms[3]);
  print_figures ("launch to first list rows", rows_ms);
  print_figures ("switch, first show of each", switch_first_ms);
  print_figures ("switch to the loaded brief", bench.switch_ms);
  print_figures ("  of which until the view had it", bench.switch_load_ms);
  print_figures ("key press to its frame, no drafts", typing_idle_ms);
  print_figures ("  of which waiting for the frame", typing_idle_wait_ms);
  print_figures ("  of which the frame (to paint)", typing_idle_frame_ms);
  print_figures ("  key timeout dispatched late by", typing_idle_delay_ms);
  print_figures ("key press to its frame, 4 drafts", bench.typing_ms);
  print_figures ("  of which waiting for the frame", typing_wait_ms);
  print_figures ("  of which the frame (to paint)", typing_frame_ms);
  print_figures ("  key timeout dispatched late by", bench.typing_delay_ms);
  print_figures ("  frame to frame while typing", bench.frame_gap_ms);
  printf ("  %-34s %.0f tokens/s from %d drafts (a token every %d ms each)\n",
          "streaming while typing",
          tokens_during / (ms_between (typing_start, g_get_monotonic_time ()) / 1000.0),
          N_DRAFTS, token_ms);
  printf ("  targets: first frame <= 400 ms (median), switch p95 <= 30 ms, "
          "typing p95 <= 16 ms\n\n");

  first_p50 = percentile (first_ms, 50);
  switch_p95 = percentile (bench.switch_ms, 95);
  typing_p95 = percentile (bench.typing_ms, 95);
  {
    char buf[3][G_ASCII_DTOSTR_BUF_SIZE];

    printf ("{\"first_frame_ms\":%s, \"switch_p95_ms\":%s, \"typing_p95_ms\":%s}\n",
            format_ms (buf[0], first_p50), format_ms (buf[1], switch_p95),
            format_ms (buf[2], typing_p95));
  }

  g_main_loop_quit (server.loop);
  g_main_context_wakeup (server.context);
  g_clear_object (&bench.config);
  g_array_unref (bench.switch_ms);
  g_array_unref (bench.switch_load_ms);
  g_array_unref (bench.typing_ms);
  g_array_unref (bench.typing_delay_ms);
  g_array_unref (bench.frame_gap_ms);
  for (guint p = 0; p < N_LAUNCH_PARTS; p++)
    g_array_unref (launch_parts_ms[p]);
  remove_tree (home);
  return 0;
}
