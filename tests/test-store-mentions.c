/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-mentions"

#include "wd-test-util.h"

static gint64
add_brief (WdStore    *store,
           const char *title)
{
  g_autofree char *url = g_strdup_printf ("https://news.example/%s", title);
  g_autofree char *text = g_strdup_printf ("%s: the body text of this story.", title);

  /* Distinct texts: the archive takes the same text twice for one story. */
  return wd_test_add_source (store, title, url, "News Example", text);
}

static WdMention *
find_in_brief (WdStore    *store,
               gint64      brief_id,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = wd_store_load_brief (store, brief_id, &error);
  GListModel *mentions;

  g_assert_no_error (error);
  mentions = wd_brief_get_mentions (brief);
  for (guint i = 0; i < g_list_model_get_n_items (mentions); i++)
    {
      g_autoptr(WdMention) m = g_list_model_get_item (mentions, i);

      if (g_str_equal (wd_mention_get_name (m), name))
        return g_steal_pointer (&m);
    }
  return NULL;
}

static WdMention *
catalog_entry (WdStore    *store,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = wd_store_list_mentions (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    if (g_str_equal (wd_mention_get_name (all->pdata[i]), name))
      return g_object_ref (all->pdata[i]);
  return NULL;
}

static gboolean
has_alias (WdMention  *mention,
           const char *alias)
{
  const char * const *aliases = wd_mention_get_aliases (mention);

  return aliases != NULL && g_strv_contains (aliases, alias);
}

static guint
count_suggestions (WdStore    *store,
                   gint64      brief_id,
                   const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = wd_store_list_mention_suggestions (store, brief_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      WdMentionSuggestion *s = list->pdata[i];

      if (name == NULL || g_str_equal (s->name, name))
        n++;
    }
  return n;
}

static WdMentionSuggestion *
get_suggestion (WdStore    *store,
                gint64      brief_id,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = wd_store_list_mention_suggestions (store, brief_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      WdMentionSuggestion *s = list->pdata[i];

      if (g_str_equal (s->name, name))
        {
          WdMentionSuggestion *copy = g_new0 (WdMentionSuggestion, 1);

          *copy = *s;
          copy->name = g_strdup (s->name);
          copy->reason = g_strdup (s->reason);
          return copy;
        }
    }
  return NULL;
}

static void
test_detach_and_undo (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) mit = NULL;
  g_autoptr(WdMention) back = NULL;
  gint64 brief = add_brief (store, "Robots");
  gboolean was = TRUE;

  mit = wd_store_ensure_mention (store, "MIT", WD_MENTION_ORGANIZATION, &error);
  g_assert_no_error (error);
  g_assert_true (wd_store_attach_mention (store, brief, wd_mention_get_id (mit),
                                          WD_ORIGIN_EDITOR, &error));

  g_assert_true (wd_store_detach_mention (store, brief, wd_mention_get_id (mit), &was,
                                          &error));
  g_assert_no_error (error);
  g_assert_true (was);
  g_assert_null (find_in_brief (store, brief, "MIT"));

  /* Again: nothing attached, nothing changes. */
  g_assert_true (wd_store_detach_mention (store, brief, wd_mention_get_id (mit), &was,
                                          &error));
  g_assert_false (was);

  /* Removed by the editor: a draft does not bring it back as a suggestion. */
  g_assert_true (wd_store_suggest_mention (store, brief, "MIT", WD_MENTION_ORGANIZATION,
                                           NULL, NULL, &error));
  g_assert_cmpuint (count_suggestions (store, brief, "MIT"), ==, 0);

  /* Undo */
  g_assert_true (wd_store_attach_mention (store, brief, wd_mention_get_id (mit),
                                          WD_ORIGIN_EDITOR, &error));
  back = find_in_brief (store, brief, "MIT");
  g_assert_nonnull (back);
  g_assert_cmpint (wd_mention_get_origin (back), ==, WD_ORIGIN_EDITOR);

  g_assert_false (wd_store_detach_mention (store, 9999, wd_mention_get_id (mit), NULL,
                                           &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
}

static void
test_accept_catalog_suggestion (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) mit = NULL;
  g_autoptr(WdMention) accepted = NULL;
  g_autoptr(WdMention) attached = NULL;
  g_autoptr(WdMentionSuggestion) s = NULL;
  gint64 brief = add_brief (store, "Labs");
  gboolean known = FALSE;

  mit = wd_store_ensure_mention (store, "MIT", WD_MENTION_ORGANIZATION, &error);
  g_assert_true (wd_store_suggest_mention (store, brief, "mit", WD_MENTION_TOPIC, NULL,
                                           &known, &error));
  g_assert_true (known);
  s = get_suggestion (store, brief, "MIT");
  g_assert_nonnull (s);
  g_assert_cmpint (s->mention_id, ==, wd_mention_get_id (mit));

  accepted = wd_store_accept_suggestion (store, brief, s, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wd_mention_get_id (accepted), ==, wd_mention_get_id (mit));
  attached = find_in_brief (store, brief, "MIT");
  g_assert_nonnull (attached);
  g_assert_cmpint (wd_mention_get_origin (attached), ==, WD_ORIGIN_AI);
  g_assert_cmpint (wd_mention_get_kind (attached), ==, WD_MENTION_ORGANIZATION);
  g_assert_cmpuint (count_suggestions (store, brief, NULL), ==, 0);
}

static void
test_accept_new_name_with_corrected_kind (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) accepted = NULL;
  g_autoptr(WdMention) entry = NULL;
  g_autoptr(WdMention) attached = NULL;
  g_autoptr(WdMentionSuggestion) s = NULL;
  gint64 brief = add_brief (store, "Chips");
  gboolean known = TRUE;

  g_assert_true (wd_store_suggest_mention (store, brief, "Jensen Huang", WD_MENTION_TOPIC,
                                           "Quoted in the source", &known, &error));
  g_assert_false (known);
  g_assert_null (catalog_entry (store, "Jensen Huang"));

  s = get_suggestion (store, brief, "Jensen Huang");
  g_assert_nonnull (s);
  g_assert_cmpint (s->id, !=, 0);
  g_assert_cmpint (s->mention_id, ==, 0);
  g_assert_cmpint (s->kind, ==, WD_MENTION_TOPIC);

  s->kind = WD_MENTION_PERSON;
  accepted = wd_store_accept_suggestion (store, brief, s, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_mention_get_name (accepted), ==, "Jensen Huang");

  entry = catalog_entry (store, "Jensen Huang");
  g_assert_nonnull (entry);
  g_assert_cmpint (wd_mention_get_kind (entry), ==, WD_MENTION_PERSON);
  g_assert_cmpstr (wd_mention_get_slug (entry), ==, "jensen-huang");
  g_assert_cmpuint (wd_mention_get_brief_count (entry), ==, 1);
  attached = find_in_brief (store, brief, "Jensen Huang");
  g_assert_nonnull (attached);
  g_assert_cmpint (wd_mention_get_origin (attached), ==, WD_ORIGIN_AI);
  g_assert_cmpuint (count_suggestions (store, brief, NULL), ==, 0);

  /* Suggested again: it is attached already, nothing new to answer. */
  g_assert_true (wd_store_suggest_mention (store, brief, "Jensen Huang", WD_MENTION_TOPIC,
                                           NULL, &known, &error));
  g_assert_true (known);
  g_assert_cmpuint (count_suggestions (store, brief, NULL), ==, 0);

  /* The same suggestion cannot be accepted twice. */
  g_clear_object (&accepted);
  accepted = wd_store_accept_suggestion (store, brief, s, &error);
  g_assert_null (accepted);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
}

static void
test_dismiss_stays_dismissed (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) nasa = NULL;
  g_autoptr(WdMentionSuggestion) s_new = NULL;
  g_autoptr(WdMentionSuggestion) s_known = NULL;
  gint64 brief = add_brief (store, "Moon");
  gint64 other = add_brief (store, "Mars");

  nasa = wd_store_ensure_mention (store, "NASA", WD_MENTION_ORGANIZATION, &error);
  g_assert_true (wd_store_suggest_mention (store, brief, "NASA", WD_MENTION_ORGANIZATION,
                                           NULL, NULL, &error));
  g_assert_true (wd_store_suggest_mention (store, brief, "Artemis II", WD_MENTION_PRODUCT,
                                           NULL, NULL, &error));
  g_assert_cmpuint (count_suggestions (store, brief, NULL), ==, 2);

  s_new = get_suggestion (store, brief, "Artemis II");
  s_known = get_suggestion (store, brief, "NASA");
  g_assert_true (wd_store_dismiss_suggestion (store, brief, s_new, &error));
  g_assert_no_error (error);
  g_assert_true (wd_store_dismiss_suggestion (store, brief, s_known, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_suggestions (store, brief, NULL), ==, 0);
  g_assert_null (find_in_brief (store, brief, "NASA"));

  /* A new draft suggests both again: they stay dismissed for this brief. */
  g_assert_true (wd_store_suggest_mention (store, brief, "NASA", WD_MENTION_ORGANIZATION,
                                           NULL, NULL, &error));
  g_assert_true (wd_store_suggest_mention (store, brief, "artemis ii", WD_MENTION_PRODUCT,
                                           NULL, NULL, &error));
  g_assert_cmpuint (count_suggestions (store, brief, NULL), ==, 0);
  g_assert_null (catalog_entry (store, "Artemis II"));

  /* ... but another brief still gets them suggested. */
  g_assert_true (wd_store_suggest_mention (store, other, "Artemis II", WD_MENTION_PRODUCT,
                                           NULL, NULL, &error));
  g_assert_cmpuint (count_suggestions (store, other, "Artemis II"), ==, 1);
}

static void
test_rename_keeps_old_name (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) tr = NULL;
  g_autoptr(WdMention) other = NULL;
  g_autoptr(WdMention) renamed = NULL;
  g_autoptr(WdMention) found = NULL;
  gint64 brief = add_brief (store, "Review");

  tr = wd_store_ensure_mention (store, "Tech Review", WD_MENTION_PUBLICATION, &error);
  other = wd_store_ensure_mention (store, "Wired", WD_MENTION_PUBLICATION, &error);
  g_assert_true (wd_store_add_mention_alias (store, wd_mention_get_id (other),
                                             "Wired Magazine", &error));
  g_assert_true (wd_store_attach_mention (store, brief, wd_mention_get_id (tr),
                                          WD_ORIGIN_EDITOR, &error));

  renamed = wd_store_rename_mention (store, wd_mention_get_id (tr), "  MIT Technology Review ",
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_mention_get_name (renamed), ==, "MIT Technology Review");
  g_assert_cmpstr (wd_mention_get_slug (renamed), ==, "mit-technology-review");
  g_assert_true (has_alias (renamed, "Tech Review"));
  g_assert_nonnull ((found = find_in_brief (store, brief, "MIT Technology Review")));

  /* The old name still finds it. */
  g_clear_object (&found);
  found = wd_store_ensure_mention (store, "tech review", WD_MENTION_TOPIC, &error);
  g_assert_cmpint (wd_mention_get_id (found), ==, wd_mention_get_id (tr));

  /* Another mention's name or alias is refused, pointing to a merge. */
  g_clear_object (&found);
  found = wd_store_rename_mention (store, wd_mention_get_id (tr), "wired magazine", &error);
  g_assert_null (found);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "merge"));
  g_assert_nonnull (strstr (error->message, "Wired"));
  g_clear_error (&error);
  found = wd_store_rename_mention (store, wd_mention_get_id (tr), "WIRED", &error);
  g_assert_null (found);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Back to an alias of its own: the alias becomes the name again. */
  found = wd_store_rename_mention (store, wd_mention_get_id (tr), "Tech Review", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_mention_get_name (found), ==, "Tech Review");
  g_assert_false (has_alias (found, "Tech Review"));
  g_assert_true (has_alias (found, "MIT Technology Review"));
  g_clear_object (&found);

  /* A change of case only: no alias that equals the name. */
  found = wd_store_rename_mention (store, wd_mention_get_id (tr), "Tech review", &error);
  g_assert_no_error (error);
  g_assert_false (has_alias (found, "Tech Review"));
  g_assert_cmpstr (wd_mention_get_slug (found), ==, "tech-review");
}

static void
test_merge_resolves_conflicts (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) keep = NULL;
  g_autoptr(WdMention) drop = NULL;
  g_autoptr(WdMention) merged = NULL;
  g_autoptr(WdMention) m = NULL;
  g_autoptr(WdMention) found = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 b_keep_suggested = add_brief (store, "One");
  gint64 b_keep_dismissed = add_brief (store, "Two");
  gint64 b_both_attached = add_brief (store, "Three");
  gint64 b_drop_only = add_brief (store, "Four");
  gint64 b_keep_attached = add_brief (store, "Five");
  gboolean was;

  keep = wd_store_ensure_mention (store, "MIT Technology Review", WD_MENTION_PUBLICATION,
                                  &error);
  drop = wd_store_ensure_mention (store, "Technology Review", WD_MENTION_PUBLICATION,
                                  &error);
  g_assert_true (wd_store_add_mention_alias (store, wd_mention_get_id (drop), "TR", &error));
  g_assert_true (wd_store_add_mention_alias (store, wd_mention_get_id (drop),
                                             "mit technology review", &error) == FALSE);
  g_clear_error (&error);

  /* 1: keep suggested, drop attached → attached (by the editor). */
  g_assert_true (wd_store_suggest_mention (store, b_keep_suggested, "MIT Technology Review",
                                           WD_MENTION_PUBLICATION, NULL, NULL, &error));
  g_assert_true (wd_store_attach_mention (store, b_keep_suggested, wd_mention_get_id (drop),
                                          WD_ORIGIN_EDITOR, &error));
  /* 2: keep dismissed, drop attached → attached. */
  g_assert_true (wd_store_attach_mention (store, b_keep_dismissed, wd_mention_get_id (keep),
                                          WD_ORIGIN_EDITOR, &error));
  g_assert_true (wd_store_detach_mention (store, b_keep_dismissed, wd_mention_get_id (keep),
                                          &was, &error));
  g_assert_true (wd_store_attach_mention (store, b_keep_dismissed, wd_mention_get_id (drop),
                                          WD_ORIGIN_AI, &error));
  /* 3: both attached → one attached, the editor's. */
  g_assert_true (wd_store_attach_mention (store, b_both_attached, wd_mention_get_id (keep),
                                          WD_ORIGIN_AI, &error));
  g_assert_true (wd_store_attach_mention (store, b_both_attached, wd_mention_get_id (drop),
                                          WD_ORIGIN_EDITOR, &error));
  /* 4: only drop, suggested → suggested for keep. */
  g_assert_true (wd_store_suggest_mention (store, b_drop_only, "Technology Review",
                                           WD_MENTION_PUBLICATION, NULL, NULL, &error));
  /* 5: keep attached, drop suggested → stays attached. */
  g_assert_true (wd_store_attach_mention (store, b_keep_attached, wd_mention_get_id (keep),
                                          WD_ORIGIN_EDITOR, &error));
  g_assert_true (wd_store_suggest_mention (store, b_keep_attached, "Technology Review",
                                           WD_MENTION_PUBLICATION, NULL, NULL, &error));
  g_assert_no_error (error);

  merged = wd_store_merge_mentions (store, wd_mention_get_id (keep), wd_mention_get_id (drop),
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_mention_get_name (merged), ==, "MIT Technology Review");
  g_assert_true (has_alias (merged, "Technology Review"));
  g_assert_true (has_alias (merged, "TR"));
  g_assert_cmpuint (wd_mention_get_brief_count (merged), ==, 4);

  all = wd_store_list_mentions (store, &error);
  g_assert_cmpuint (all->len, ==, 1);

  m = find_in_brief (store, b_keep_suggested, "MIT Technology Review");
  g_assert_nonnull (m);
  g_assert_cmpint (wd_mention_get_origin (m), ==, WD_ORIGIN_EDITOR);
  g_clear_object (&m);
  g_assert_nonnull ((m = find_in_brief (store, b_keep_dismissed, "MIT Technology Review")));
  g_clear_object (&m);
  m = find_in_brief (store, b_both_attached, "MIT Technology Review");
  g_assert_nonnull (m);
  g_assert_cmpint (wd_mention_get_origin (m), ==, WD_ORIGIN_EDITOR);
  g_clear_object (&m);
  g_assert_null (find_in_brief (store, b_drop_only, "MIT Technology Review"));
  g_assert_cmpuint (count_suggestions (store, b_drop_only, "MIT Technology Review"), ==, 1);
  g_assert_nonnull ((m = find_in_brief (store, b_keep_attached, "MIT Technology Review")));
  g_assert_cmpuint (count_suggestions (store, b_keep_attached, NULL), ==, 0);

  /* The dropped name leads to the kept mention. */
  found = wd_store_ensure_mention (store, "technology review", WD_MENTION_TOPIC, &error);
  g_assert_cmpint (wd_mention_get_id (found), ==, wd_mention_get_id (keep));

  g_clear_object (&merged);
  merged = wd_store_merge_mentions (store, wd_mention_get_id (keep), wd_mention_get_id (keep),
                                    &error);
  g_assert_null (merged);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  merged = wd_store_merge_mentions (store, wd_mention_get_id (keep), wd_mention_get_id (drop),
                                    &error);
  g_assert_null (merged);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
}

static void
test_find_by_prefix (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) mit = NULL;
  g_autoptr(WdMention) meta = NULL;
  g_autoptr(WdMention) zurich = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 brief = add_brief (store, "Campus");

  mit = wd_store_ensure_mention (store, "Massachusetts Institute of Technology",
                                 WD_MENTION_ORGANIZATION, &error);
  meta = wd_store_ensure_mention (store, "Meta", WD_MENTION_ORGANIZATION, &error);
  zurich = wd_store_ensure_mention (store, "Zürich", WD_MENTION_PLACE, &error);
  g_assert_true (wd_store_add_mention_alias (store, wd_mention_get_id (mit), "MIT", &error));
  g_assert_true (wd_store_attach_mention (store, brief, wd_mention_get_id (meta),
                                          WD_ORIGIN_EDITOR, &error));

  /* "m": Meta (used once) before the institute (never used). */
  found = wd_store_find_mentions (store, "m", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (wd_mention_get_name (found->pdata[0]), ==, "Meta");
  g_assert_true (wd_mention_get_aliases (found->pdata[0]) == NULL ||
                 wd_mention_get_aliases (found->pdata[0])[0] == NULL);
  g_assert_cmpstr (wd_mention_get_name (found->pdata[1]), ==,
                   "Massachusetts Institute of Technology");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* By alias, any case: the alias that matched is noted. */
  found = wd_store_find_mentions (store, "mi", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (wd_mention_get_id (found->pdata[0]), ==, wd_mention_get_id (mit));
  g_assert_true (has_alias (found->pdata[0], "MIT"));
  g_clear_pointer (&found, g_ptr_array_unref);

  found = wd_store_find_mentions (store, "ZÜ", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (wd_mention_get_kind (found->pdata[0]), ==, WD_MENTION_PLACE);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = wd_store_find_mentions (store, "m", 1, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = wd_store_find_mentions (store, "x", 10, &error);
  g_assert_cmpuint (found->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/store-mentions/detach-and-undo", test_detach_and_undo);
  g_test_add_func ("/store-mentions/accept-catalog-suggestion",
                   test_accept_catalog_suggestion);
  g_test_add_func ("/store-mentions/accept-new-name-with-corrected-kind",
                   test_accept_new_name_with_corrected_kind);
  g_test_add_func ("/store-mentions/dismiss-stays-dismissed", test_dismiss_stays_dismissed);
  g_test_add_func ("/store-mentions/rename-keeps-old-name", test_rename_keeps_old_name);
  g_test_add_func ("/store-mentions/merge-resolves-conflicts",
                   test_merge_resolves_conflicts);
  g_test_add_func ("/store-mentions/find-by-prefix", test_find_by_prefix);

  return g_test_run ();
}
