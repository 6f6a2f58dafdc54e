/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "wd-types.h"
#include "wd-source.h"
#include "wd-section.h"
#include "wd-mention.h"
#include "wd-brief.h"

G_BEGIN_DECLS

#define WD_STORE_ERROR (wd_store_error_quark ())

typedef enum {
  WD_STORE_ERROR_FAILED,      /* any other SQLite failure */
  WD_STORE_ERROR_OPEN,        /* the file or its directory cannot be made or opened */
  WD_STORE_ERROR_NOT_ARCHIVE, /* the file exists but is not a SQLite database */
  WD_STORE_ERROR_TOO_NEW,     /* written by a newer Wiredesk: schema version unknown here */
  WD_STORE_ERROR_READ_ONLY,   /* the file or its directory is not writable */
  WD_STORE_ERROR_CORRUPT,     /* SQLite reports a malformed database */
  WD_STORE_ERROR_NOT_FOUND,   /* no row with that id / name */
  WD_STORE_ERROR_INVALID,     /* a value the archive does not accept */
  WD_STORE_ERROR_BUSY,        /* another process held the write lock past the timeout */
} WdStoreError;

GQuark wd_store_error_quark (void);

/* The newest schema version this binary knows (PRAGMA user_version). */
#define WD_STORE_SCHEMA_VERSION wd_store_schema_version ()
int wd_store_schema_version (void);

#define WD_TYPE_STORE (wd_store_get_type ())
G_DECLARE_FINAL_TYPE (WdStore, wd_store, WD, STORE, GObject)

/*
 * Signals: "changed" (gint64 brief_id) after a write that touched a brief
 * commits; brief_id is 0 when many or unknown briefs changed. It is emitted
 * on the main context of the thread that opened the store, never on the
 * writer's thread.
 */

/* One search result: the brief (a list row, with "snippet" set) and its
 * bm25 rank (lower is better, as SQLite returns it). wd_store_search()
 * returns a GPtrArray of WdSearchHit*; unreffing the array frees them. */
typedef struct {
  WdBrief *brief;
  double   rank;
} WdSearchHit;

/* A publisher's policy as stored (the newest version for its domain). */
typedef struct {
  char        *domain;
  WdPolicyKind kind;
  int          max_quote_words; /* -1: the default */
  char        *note;
  int          version;
  int          max_run_words;      /* copy guard: longest shared run; -1: the default */
  int          max_copied_percent; /* copy guard: share in long runs; -1: the default */
} WdPolicy;

void wd_policy_free (WdPolicy *policy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdPolicy, wd_policy_free)

/* The archive path: $WIREDESK_DB if set, else
 * $XDG_DATA_HOME/wiredesk/archive.db. */
char     *wd_store_default_path (void);

/*
 * Opens (creating the file and its directory when missing) and migrates the
 * archive at @path. Fails with a WD_STORE_ERROR whose message is one
 * sentence saying what happened and what to do; it never overwrites a file
 * that is not an archive or one with a newer schema.
 */
WdStore  *wd_store_open (const char *path, GError **error);
void      wd_store_open_async (const char *path, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data);
WdStore  *wd_store_open_finish (GAsyncResult *result, GError **error);

const char *wd_store_get_path (WdStore *self);

/*
 * Blocking calls: for the CLI, tests, benchmarks and GTask threads. They
 * are safe from any thread: reads use a reader connection of their own,
 * writes go through the single writer connection.
 */

/* Sources and briefs */
gint64    wd_store_add_source (WdStore *self, WdSource *source, gboolean *existed,
                               GError **error);
WdSource *wd_store_get_source (WdStore *self, gint64 source_id, GError **error);
WdBrief  *wd_store_load_brief (WdStore *self, gint64 brief_id, GError **error);

/* Deleting a brief leaves it restorable (Undo) until it is purged. */
gboolean   wd_store_delete_brief  (WdStore *self, gint64 brief_id, GError **error);
gboolean   wd_store_restore_brief (WdStore *self, gint64 brief_id, GError **error);
gboolean   wd_store_purge_brief   (WdStore *self, gint64 brief_id, GError **error);
gboolean   wd_store_purge_deleted (WdStore *self, gint64 before, GError **error);
guint     wd_store_count_briefs (WdStore *self, WdBriefFilter filter, GError **error);
GPtrArray *wd_store_list_briefs (WdStore *self, WdBriefFilter filter, guint offset,
                                 guint limit, GError **error);
GPtrArray *wd_store_search (WdStore *self, const char *query, guint limit,
                            GError **error);
GPtrArray *wd_store_list_publisher_briefs (WdStore *self, const char *domain,
                                           GError **error);
gboolean  wd_store_set_headline (WdStore *self, gint64 brief_id, const char *headline,
                                 GError **error);
gboolean  wd_store_set_status (WdStore *self, gint64 brief_id, WdBriefStatus status,
                               GError **error);

/* Sections and revisions */
gint64    wd_store_add_revision (WdStore *self, gint64 brief_id, WdSectionKind kind,
                                 const char *text, const WdRevisionInfo *info,
                                 GError **error);
GPtrArray *wd_store_list_revisions (WdStore *self, gint64 brief_id, WdSectionKind kind,
                                    GError **error);
gint64    wd_store_save_edit (WdStore *self, gint64 brief_id, WdSectionKind kind,
                              const char *text, gint64 burst_revision, GError **error);
gboolean  wd_store_set_section_approved (WdStore *self, gint64 brief_id, WdSectionKind kind,
                                         gboolean approved, GError **error);
gint64    wd_store_revert_to_draft (WdStore *self, gint64 brief_id, WdSectionKind kind,
                                    GError **error);

/* Mentions */
WdMention *wd_store_ensure_mention (WdStore *self, const char *name, WdMentionKind kind,
                                    GError **error);
GPtrArray *wd_store_list_mentions (WdStore *self, GError **error);
gboolean  wd_store_attach_mention (WdStore *self, gint64 brief_id, gint64 mention_id,
                                   WdOrigin origin, GError **error);
gboolean  wd_store_add_mention_alias (WdStore *self, gint64 mention_id, const char *alias,
                                      GError **error);

/* Publisher policies */
gboolean  wd_store_set_policy (WdStore *self, const char *domain, WdPolicyKind kind,
                               int max_quote_words, const char *note, GError **error);
WdPolicy *wd_store_get_policy (WdStore *self, const char *domain, GError **error);
GPtrArray *wd_store_list_policies (WdStore *self, GError **error);
gboolean  wd_store_set_policy_full (WdStore *self, const char *domain, WdPolicyKind kind,
                                    int max_quote_words, int max_run_words,
                                    int max_copied_percent, const char *note,
                                    GError **error);

/* Mentions a draft suggests (wd-store-suggestions.c): @mention_id for a
 * catalog entry, else @id of a name new to the catalog. */
typedef struct {
  gint64         id;
  gint64         mention_id;
  char          *name;
  WdMentionKind  kind;
  char          *reason;
} WdMentionSuggestion;

void       wd_mention_suggestion_free (WdMentionSuggestion *suggestion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdMentionSuggestion, wd_mention_suggestion_free)
gboolean   wd_store_suggest_mention (WdStore *self, gint64 brief_id, const char *name,
                                     WdMentionKind kind, const char *reason,
                                     gboolean *out_known, GError **error);
GPtrArray *wd_store_list_mention_suggestions (WdStore *self, gint64 brief_id,
                                              GError **error);

/* Editing mentions and the catalog (wd-store-mentions.c) */
gboolean   wd_store_detach_mention (WdStore *self, gint64 brief_id, gint64 mention_id,
                                    gboolean *out_was_attached, GError **error);
WdMention *wd_store_accept_suggestion (WdStore *self, gint64 brief_id,
                                       const WdMentionSuggestion *suggestion,
                                       GError **error);
gboolean   wd_store_dismiss_suggestion (WdStore *self, gint64 brief_id,
                                        const WdMentionSuggestion *suggestion,
                                        GError **error);
WdMention *wd_store_rename_mention (WdStore *self, gint64 mention_id, const char *name,
                                    GError **error);
WdMention *wd_store_merge_mentions (WdStore *self, gint64 keep_id, gint64 drop_id,
                                    GError **error);
GPtrArray *wd_store_find_mentions (WdStore *self, const char *prefix, guint limit,
                                   GError **error);

/* Prompt templates, versioned (wd-store-templates.c) */
gboolean  wd_store_save_template (WdStore *self, const char *kind, const char *body,
                                  int *out_version, GError **error);
char     *wd_store_get_template (WdStore *self, const char *kind, int version,
                                 int *out_version, GError **error);

/* Feed subscriptions (wd-store-feeds.c) */
typedef struct {
  gint64  id;
  char   *url;
  char   *title;          /* NULL until the feed was read */
  char   *etag;           /* for the next conditional request, or NULL */
  char   *last_modified;  /* likewise */
  gint64  checked_at;     /* Unix time of the last refresh, 0: never */
  char   *last_error;     /* the last refresh's error, NULL when it worked */
  guint   n_items;        /* items seen so far */
} WdFeedSubscription;

void wd_feed_subscription_free (WdFeedSubscription *feed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdFeedSubscription, wd_feed_subscription_free)

gint64     wd_store_add_feed (WdStore *self, const char *url, const char *title,
                              gboolean *existed, GError **error);
GPtrArray *wd_store_list_feeds (WdStore *self, GError **error);
gboolean   wd_store_remove_feed (WdStore *self, gint64 feed_id, GError **error);
gboolean   wd_store_update_feed (WdStore *self, gint64 feed_id, const char *title,
                                 const char *etag, const char *last_modified,
                                 gint64 checked_at, const char *last_error, GError **error);
gboolean   wd_store_find_feed_item (WdStore *self, gint64 feed_id, const char *guid,
                                    gboolean *seen, GError **error);
gboolean   wd_store_add_feed_item (WdStore *self, gint64 feed_id, const char *guid,
                                   const char *url, gint64 brief_id, GError **error);

/* Related coverage, for the context section (wd-store-related.c) */
typedef struct {
  gint64     brief_id;
  gint64     source_id;
  char      *title;      /* the headline, or the source's title while it has none */
  char      *publisher;  /* the publisher's name (else domain), or NULL */
  GDateTime *date;       /* the source's publication time, else the brief's creation */
  double     score;      /* bm25 relative to the story's own source; higher is closer */
  char      *snippet;    /* the opening of its summary, else of its source, or NULL */
} WdRelatedHit;

void wd_related_hit_free (WdRelatedHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdRelatedHit, wd_related_hit_free)

gboolean   wd_store_count_phrase_sources (WdStore *self, const char * const *phrases,
                                          double *counts, double *n_sources,
                                          GError **error);
GPtrArray *wd_store_find_related (WdStore *self, gint64 brief_id,
                                  const char * const *phrases, const double *weights,
                                  guint limit, double floor, GError **error);

/*
 * Asynchronous versions for the GUI: the work runs off the calling thread
 * and the callback comes back on the caller's thread-default main context.
 */
void      wd_store_load_brief_async (WdStore *self, gint64 brief_id,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
WdBrief  *wd_store_load_brief_finish (WdStore *self, GAsyncResult *result, GError **error);
void      wd_store_count_briefs_async (WdStore *self, WdBriefFilter filter,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
guint     wd_store_count_briefs_finish (WdStore *self, GAsyncResult *result,
                                        GError **error);
void      wd_store_list_briefs_async (WdStore *self, WdBriefFilter filter, guint offset,
                                      guint limit, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *wd_store_list_briefs_finish (WdStore *self, GAsyncResult *result,
                                        GError **error);
void      wd_store_search_async (WdStore *self, const char *query, guint limit,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *wd_store_search_finish (WdStore *self, GAsyncResult *result, GError **error);
void      wd_store_add_revision_async (WdStore *self, gint64 brief_id, WdSectionKind kind,
                                       const char *text, const WdRevisionInfo *info,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
gint64    wd_store_add_revision_finish (WdStore *self, GAsyncResult *result,
                                        GError **error);
void      wd_store_wait_for_writes (WdStore *self);
void      wd_store_save_edit_async (WdStore *self, gint64 brief_id, WdSectionKind kind,
                                    const char *text, gint64 burst_revision,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
gint64    wd_store_save_edit_finish (WdStore *self, GAsyncResult *result, GError **error);

G_END_DECLS

/* The outbox: after everything above, which it uses. */
#include "wd-store-publish.h"
