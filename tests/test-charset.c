/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-charset"

#include <string.h>

#include "import/wd-charset.h"
#include "wd-test-util.h"

#define REPLACEMENT "\xEF\xBF\xBD"

/* A legacy encoding, a text in its script, and the label a page would
 * declare it with. The fixtures are made from these by g_convert(). */
typedef struct {
  const char *encode_as;   /* iconv name used to make the bytes */
  const char *label;       /* what the page declares */
  const char *expected;    /* what wd_charset_detect() should name */
  const char *text;        /* UTF-8 */
} Sample;

static const Sample samples[] = {
  { "GB18030", "gb18030", "GB18030",
    "新华社北京电 国务院新闻办公室今天举行发布会，介绍经济运行情况。" },
  { "GBK", "gbk", "GB18030",
    "人工智能新闻简报：研究人员发布了新的语言模型评测结果。" },
  { "GBK", "gb2312", "GB18030",
    "今日要闻：市场监管总局发布新规定。" },
  { "BIG5", "big5", "BIG5-HKSCS",
    "中央社記者台北報導，行政院今天通過新的預算案。" },
  { "SHIFT_JIS", "shift_jis", "WINDOWS-31J",
    "東京の研究チームが新しい人工知能モデルを発表しました。" },
  { "SHIFT_JIS", "x-sjis", "WINDOWS-31J",
    "日本語のニュース記事です。" },
  { "EUC-KR", "euc-kr", "CP949",
    "서울 연구진이 새로운 인공지능 모델을 발표했다." },
  { "KOI8-R", "koi8-r", "KOI8-R",
    "Исследователи из Москвы представили новую языковую модель." },
  { "WINDOWS-1251", "windows-1251", "WINDOWS-1251",
    "Новости: правительство объявило о новой программе «Цифровая экономика»." },
  { "WINDOWS-1252", "windows-1252", "WINDOWS-1252",
    "Les chercheurs ont présenté « un modèle » – coûte 5 € — Größe für Ärzte." },
  { "WINDOWS-1252", "iso-8859-1", "WINDOWS-1252",
    "Déjà vu: “smart quotes” are windows-1252 even when a page says latin1." },
};

static char *
wrap_html (const char *head,
           const char *body)
{
  return g_strdup_printf ("<!DOCTYPE html>\n<html><head>%s<title>Story</title></head>"
                          "<body><article><p>%s</p></article></body></html>\n",
                          head, body);
}

/* The bytes of @utf8 in @charset; the test needs the conversion to be
 * exact, so any failure is fatal. */
static GBytes *
encode (const char *utf8,
        const char *charset)
{
  g_autoptr(GError) error = NULL;
  gsize written = 0;
  char *bytes = g_convert (utf8, -1, charset, "UTF-8", NULL, &written, &error);

  g_assert_no_error (error);
  return g_bytes_new_take (bytes, written);
}

static char *
decode (GBytes      *bytes,
        const char  *content_type,
        const char **out_charset)
{
  gsize len = 0;
  char *text = wd_charset_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  content_type, out_charset, &len);

  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), ==, len);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  return text;
}

/* Each sample declared three ways: only in the Content-Type header, only
 * by <meta charset>, only by <meta http-equiv>. */
static void
test_legacy_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const Sample *s = &samples[i];
      g_autofree char *plain = wrap_html ("", s->text);
      g_autofree char *meta_head = g_strdup_printf ("<meta charset=\"%s\">", s->label);
      g_autofree char *with_meta = wrap_html (meta_head, s->text);
      g_autofree char *equiv_head =
        g_strdup_printf ("<meta name=viewport content=\"width=device-width\">"
                         "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=%s'>",
                         s->label);
      g_autofree char *with_equiv = wrap_html (equiv_head, s->text);
      g_autofree char *header = g_strdup_printf ("text/html; charset=%s", s->label);
      g_autoptr(GBytes) plain_bytes = encode (plain, s->encode_as);
      g_autoptr(GBytes) meta_bytes = encode (with_meta, s->encode_as);
      g_autoptr(GBytes) equiv_bytes = encode (with_equiv, s->encode_as);
      const char *charset = NULL;
      WdCharsetSource source;

      g_test_message ("%s declared as %s", s->encode_as, s->label);

      {
        g_autofree char *text = decode (plain_bytes, header, &charset);

        g_assert_cmpstr (text, ==, plain);
        g_assert_cmpstr (charset, ==, s->expected);
      }
      {
        g_autofree char *text = decode (meta_bytes, "text/html", &charset);

        g_assert_cmpstr (text, ==, with_meta);
        g_assert_cmpstr (charset, ==, s->expected);
        wd_charset_detect (g_bytes_get_data (meta_bytes, NULL), g_bytes_get_size (meta_bytes),
                           "text/html", &source, NULL);
        g_assert_cmpint (source, ==, WD_CHARSET_FROM_META);
      }
      {
        g_autofree char *text = decode (equiv_bytes, NULL, &charset);

        g_assert_cmpstr (text, ==, with_equiv);
        g_assert_cmpstr (charset, ==, s->expected);
      }
    }
}

static void
test_labels (void)
{
  /* The aliases the WHATWG Encoding Standard defines. */
  g_assert_cmpstr (wd_charset_from_label ("gb2312"), ==, "GB18030");
  g_assert_cmpstr (wd_charset_from_label ("GBK"), ==, "GB18030");
  g_assert_cmpstr (wd_charset_from_label ("x-sjis"), ==, "WINDOWS-31J");
  g_assert_cmpstr (wd_charset_from_label ("Shift_JIS"), ==, "WINDOWS-31J");
  g_assert_cmpstr (wd_charset_from_label ("latin1"), ==, "WINDOWS-1252");
  g_assert_cmpstr (wd_charset_from_label ("ISO-8859-1"), ==, "WINDOWS-1252");
  g_assert_cmpstr (wd_charset_from_label ("us-ascii"), ==, "WINDOWS-1252");
  g_assert_cmpstr (wd_charset_from_label ("ascii"), ==, "WINDOWS-1252");
  g_assert_cmpstr (wd_charset_from_label ("ks_c_5601-1987"), ==, "CP949");
  g_assert_cmpstr (wd_charset_from_label ("  utf8 \t"), ==, "UTF-8");
  g_assert_cmpstr (wd_charset_from_label ("UTF-8"), ==, "UTF-8");
  g_assert_null (wd_charset_from_label ("no-such-encoding"));
  g_assert_null (wd_charset_from_label (""));
  g_assert_null (wd_charset_from_label ("utf-8x"));

  /* Every name the table hands out must be one this system converts. */
  {
    const char * const some_labels[] = {
      "utf-8", "ibm866", "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5",
      "iso-8859-6", "iso-8859-7", "iso-8859-8", "iso-8859-8-i", "iso-8859-10",
      "iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16", "koi8-r", "koi8-u",
      "macintosh", "windows-874", "windows-1250", "windows-1251", "windows-1252",
      "windows-1253", "windows-1254", "windows-1255", "windows-1256", "windows-1257",
      "windows-1258", "x-mac-cyrillic", "gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp",
      "shift_jis", "euc-kr", "utf-16be", "utf-16le",
    };

    for (guint i = 0; i < G_N_ELEMENTS (some_labels); i++)
      {
        const char *charset = wd_charset_from_label (some_labels[i]);
        GIConv cd;

        g_assert_nonnull (charset);
        cd = g_iconv_open ("UTF-8", charset);
        g_assert_true (cd != (GIConv) -1);
        g_iconv_close (cd);
      }
  }
}

static void
test_content_type (void)
{
  g_assert_cmpstr (wd_charset_from_content_type ("text/html; charset=\"Shift_JIS\""), ==,
                   "WINDOWS-31J");
  g_assert_cmpstr (wd_charset_from_content_type ("text/html;charset=utf-8"), ==, "UTF-8");
  g_assert_cmpstr (wd_charset_from_content_type ("text/html; Charset=KOI8-R; q=1"), ==,
                   "KOI8-R");
  g_assert_null (wd_charset_from_content_type ("text/html"));
  g_assert_null (wd_charset_from_content_type ("text/html; charset=bogus"));
  g_assert_null (wd_charset_from_content_type (NULL));
}

/* The header outranks <meta>, and a byte order mark outranks both. */
static void
test_precedence (void)
{
  const char *text = "Москва — столица России.";
  g_autofree char *html = wrap_html ("<meta charset=\"koi8-r\">", text);
  g_autoptr(GBytes) bytes = encode (html, "WINDOWS-1251");
  g_autofree char *decoded = NULL;
  const char *charset = NULL;
  g_autoptr(GByteArray) with_bom = g_byte_array_new ();
  g_autofree char *from_bom = NULL;
  WdCharsetSource source;
  gsize bom = 0;

  decoded = decode (bytes, "text/html; charset=windows-1251", &charset);
  g_assert_cmpstr (decoded, ==, html);
  g_assert_cmpstr (charset, ==, "WINDOWS-1251");

  /* UTF-8 bytes with a BOM, wrongly labelled latin1 by the server. */
  g_byte_array_append (with_bom, (const guint8 *) "\xEF\xBB\xBF", 3);
  g_byte_array_append (with_bom, (const guint8 *) html, strlen (html));
  charset = wd_charset_detect (with_bom->data, with_bom->len, "text/html; charset=latin1",
                               &source, &bom);
  g_assert_cmpstr (charset, ==, "UTF-8");
  g_assert_cmpint (source, ==, WD_CHARSET_FROM_BOM);
  g_assert_cmpuint (bom, ==, 3);
  from_bom = wd_charset_decode (with_bom->data, with_bom->len, "text/html; charset=latin1",
                                NULL, NULL);
  /* The BOM itself is not part of the text. */
  g_assert_cmpstr (from_bom, ==, html);
}

static void
test_utf16_bom (void)
{
  const char *text = "<p>Grüße — 你好</p>";
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *utf16 = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &len, &error);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *decoded = NULL;
  const char *charset = NULL;

  g_assert_no_error (error);
  g_byte_array_append (bytes, (const guint8 *) "\xFF\xFE", 2);
  g_byte_array_append (bytes, (const guint8 *) utf16, len);

  decoded = wd_charset_decode (bytes->data, bytes->len, NULL, &charset, NULL);
  g_assert_cmpstr (charset, ==, "UTF-16LE");
  g_assert_cmpstr (decoded, ==, text);
}

/* The prescan reads bytes, but must not be fooled by a declaration inside
 * a comment or an attribute, and must stop after 4 KB. */
static void
test_prescan_bounds (void)
{
  const char *commented = "<!-- <meta charset=koi8-r> --><meta charset=windows-1251>";
  const char *in_attr = "<div title=\"<meta charset=koi8-r>\"></div><meta charset=big5>";
  const char *short_comment = "<!--><meta charset=euc-kr><!-- x -->";
  const char *no_pragma = "<meta content=\"text/html; charset=koi8-r\">";
  const char *unquoted = "<meta http-equiv=content-type content=text/html;charset=gbk>";
  g_autoptr(GString) late = g_string_new ("<html><head><script>");
  g_autoptr(GString) early = NULL;

  g_assert_cmpstr (wd_charset_prescan ((const guint8 *) commented, strlen (commented)), ==,
                   "WINDOWS-1251");
  g_assert_cmpstr (wd_charset_prescan ((const guint8 *) in_attr, strlen (in_attr)), ==,
                   "BIG5-HKSCS");
  g_assert_cmpstr (wd_charset_prescan ((const guint8 *) short_comment,
                                       strlen (short_comment)), ==, "CP949");
  /* content= without http-equiv is not a declaration. */
  g_assert_null (wd_charset_prescan ((const guint8 *) no_pragma, strlen (no_pragma)));
  g_assert_cmpstr (wd_charset_prescan ((const guint8 *) unquoted, strlen (unquoted)), ==,
                   "GB18030");
  /* Declaring UTF-16 in ASCII bytes means UTF-8. */
  g_assert_cmpstr (wd_charset_prescan ((const guint8 *) "<meta charset=utf-16>", 21), ==,
                   "UTF-8");

  while (late->len < 5000)
    g_string_append (late, "var x = 1; ");
  early = g_string_new (late->str);
  g_string_truncate (early, 3000);
  g_string_append (early, "</script><meta charset=koi8-r>");
  g_string_append (late, "</script><meta charset=koi8-r>");
  g_assert_cmpstr (wd_charset_prescan ((const guint8 *) early->str, early->len), ==, "KOI8-R");
  g_assert_null (wd_charset_prescan ((const guint8 *) late->str, late->len));
}

static void
test_xml_declaration (void)
{
  const char *text = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n"
                     "<rss version=\"2.0\"><channel><title>Лента новостей</title>"
                     "</channel></rss>\n";
  g_autoptr(GBytes) bytes = encode (text, "WINDOWS-1251");
  const char *charset = NULL;
  g_autofree char *decoded = decode (bytes, "application/rss+xml", &charset);

  g_assert_cmpstr (charset, ==, "WINDOWS-1251");
  g_assert_cmpstr (decoded, ==, text);
}

/* With nothing declared: valid UTF-8 is UTF-8, anything else is
 * windows-1252. */
static void
test_undeclared (void)
{
  const char *utf8 = "<p>naïve café, 東京, Москва</p>";
  g_autoptr(GBytes) utf8_bytes = g_bytes_new_static (utf8, strlen (utf8));
  static const char latin_bytes[] = "<p>caf\xE9 \x80 5 \x93ok\x94</p>";
  g_autoptr(GBytes) latin = g_bytes_new_static (latin_bytes, sizeof latin_bytes - 1);
  g_autoptr(GBytes) undefined = g_bytes_new_static ("a\x81z", 3);
  const char *charset = NULL;
  WdCharsetSource source;
  g_autofree char *a = decode (utf8_bytes, NULL, &charset);
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  g_assert_cmpstr (a, ==, utf8);
  g_assert_cmpstr (charset, ==, "UTF-8");
  wd_charset_detect ((const guint8 *) utf8, strlen (utf8), NULL, &source, NULL);
  g_assert_cmpint (source, ==, WD_CHARSET_FROM_UTF8_CHECK);

  b = decode (latin, "text/html", &charset);
  g_assert_cmpstr (charset, ==, "WINDOWS-1252");
  g_assert_cmpstr (b, ==, "<p>café € 5 “ok”</p>");
  wd_charset_detect ((const guint8 *) latin_bytes, sizeof latin_bytes - 1, NULL, &source, NULL);
  g_assert_cmpint (source, ==, WD_CHARSET_FROM_FALLBACK);

  /* Bytes windows-1252 leaves undefined decode as C1 controls, as in
   * browsers, instead of failing. */
  c = decode (undefined, NULL, &charset);
  g_assert_cmpstr (c, ==, "a\xC2\x81z");
}

/* A page that says UTF-8 but has broken bytes imports with U+FFFD where
 * the bytes were. */
static void
test_invalid_utf8 (void)
{
  static const char broken[] = "<p>caf\xC3 ok \xFF\xFE end \xE2\x82</p><p>tail \xF0\x9F\x98";
  g_autoptr(GBytes) bytes = g_bytes_new_static (broken, sizeof broken - 1);
  g_autoptr(GBytes) with_nul = g_bytes_new_static ("a\0b", 3);
  const char *charset = NULL;
  g_autofree char *text = decode (bytes, "text/html; charset=utf-8", &charset);
  g_autofree char *nul = decode (with_nul, "text/plain; charset=utf-8", NULL);

  g_assert_cmpstr (charset, ==, "UTF-8");
  /* One replacement per maximal broken sequence: "\xE2\x82" is one. */
  g_assert_cmpstr (text, ==,
                   "<p>caf" REPLACEMENT " ok " REPLACEMENT REPLACEMENT " end " REPLACEMENT
                   "</p><p>tail " REPLACEMENT);
  /* A NUL would cut the text short for every later stage. */
  g_assert_cmpstr (nul, ==, "a" REPLACEMENT "b");
}

/* Broken bytes in a legacy encoding are replaced too, and the text
 * around them survives. */
static void
test_invalid_legacy (void)
{
  g_autoptr(GBytes) good = encode ("東京の記事", "SHIFT_JIS");
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *text = NULL;

  g_byte_array_append (bytes, g_bytes_get_data (good, NULL), g_bytes_get_size (good));
  /* A lead byte with no trail byte, at the very end. */
  g_byte_array_append (bytes, (const guint8 *) "\x93", 1);

  text = wd_charset_decode (bytes->data, bytes->len, "text/html; charset=shift_jis", NULL,
                            NULL);
  g_assert_cmpstr (text, ==, "東京の記事" REPLACEMENT);
}

/* Random bytes in every encoding: whatever comes in, the output is valid
 * UTF-8 without NULs, and nothing reads past the input (ASan checks). */
static void
test_garbage (void)
{
  const char * const charsets[] = {
    "UTF-8", "WINDOWS-1252", "GB18030", "BIG5-HKSCS", "WINDOWS-31J", "CP949", "EUC-JP",
    "ISO-2022-JP", "KOI8-R", "UTF-16LE", "UTF-16BE", "IBM866",
  };

  for (guint round = 0; round < 100; round++)
    {
      gsize len = g_test_rand_int_range (0, 600);
      g_autofree guint8 *bytes = g_malloc (len + 1);

      for (gsize i = 0; i < len; i++)
        bytes[i] = g_test_rand_int_range (0, 256);
      /* Now and then a tag soup start, to walk the prescan's paths. */
      if (round % 3 == 0 && len > 16)
        memcpy (bytes, "<meta charset=\"", 15);

      for (guint c = 0; c < G_N_ELEMENTS (charsets); c++)
        {
          gsize out_len = 0;
          g_autofree char *text = wd_charset_convert (bytes, len, charsets[c], &out_len);

          g_assert_true (g_utf8_validate (text, out_len, NULL));
          g_assert_cmpuint (strlen (text), ==, out_len);
        }
      {
        g_autofree char *text = wd_charset_decode (bytes, len, NULL, NULL, NULL);

        g_assert_true (g_utf8_validate (text, -1, NULL));
      }
    }
}

static void
test_empty (void)
{
  const char *charset = NULL;
  gsize len = 1;
  g_autofree char *text = wd_charset_decode (NULL, 0, NULL, &charset, &len);

  g_assert_cmpstr (text, ==, "");
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmpstr (charset, ==, "UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/charset/legacy-round-trip", test_legacy_round_trip);
  g_test_add_func ("/charset/labels", test_labels);
  g_test_add_func ("/charset/content-type", test_content_type);
  g_test_add_func ("/charset/precedence", test_precedence);
  g_test_add_func ("/charset/utf16-bom", test_utf16_bom);
  g_test_add_func ("/charset/prescan-bounds", test_prescan_bounds);
  g_test_add_func ("/charset/xml-declaration", test_xml_declaration);
  g_test_add_func ("/charset/undeclared", test_undeclared);
  g_test_add_func ("/charset/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/charset/invalid-legacy", test_invalid_legacy);
  g_test_add_func ("/charset/garbage", test_garbage);
  g_test_add_func ("/charset/empty", test_empty);

  return g_test_run ();
}
