/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-charset"

#include <errno.h>
#include <string.h>

#include <libsoup/soup.h>

#include "wd-charset.h"

/* How far into a page the <meta> prescan looks. The HTML standard says
 * 1024 bytes; real pages put long scripts and styles first, so look
 * further, but never through the whole body. */
#define PRESCAN_LIMIT 4096

typedef struct {
  const char *label;
  const char *charset;
} LabelEntry;

/*
 * The labels of the WHATWG Encoding Standard, mapped to the names glibc's
 * iconv knows. Where the standard decodes a label with a superset (GBK
 * with gb18030, Shift_JIS with windows-31j, EUC-KR with windows-949, Big5
 * with Big5-HKSCS, latin1 and ascii with windows-1252), the superset is
 * used, because that is what the pages were really written in. The
 * "replacement" and x-user-defined labels are left out, so they count as
 * undeclared.
 */
static const LabelEntry labels[] = {
  { "unicode-1-1-utf-8", "UTF-8" }, { "unicode11utf8", "UTF-8" },
  { "unicode20utf8", "UTF-8" }, { "utf-8", "UTF-8" }, { "utf8", "UTF-8" },
  { "x-unicode20utf8", "UTF-8" },
  { "866", "IBM866" }, { "cp866", "IBM866" }, { "csibm866", "IBM866" },
  { "ibm866", "IBM866" },
  { "csisolatin2", "ISO-8859-2" }, { "iso-8859-2", "ISO-8859-2" },
  { "iso-ir-101", "ISO-8859-2" }, { "iso8859-2", "ISO-8859-2" },
  { "iso88592", "ISO-8859-2" }, { "iso_8859-2", "ISO-8859-2" },
  { "iso_8859-2:1987", "ISO-8859-2" }, { "l2", "ISO-8859-2" }, { "latin2", "ISO-8859-2" },
  { "csisolatin3", "ISO-8859-3" }, { "iso-8859-3", "ISO-8859-3" },
  { "iso-ir-109", "ISO-8859-3" }, { "iso8859-3", "ISO-8859-3" },
  { "iso88593", "ISO-8859-3" }, { "iso_8859-3", "ISO-8859-3" },
  { "iso_8859-3:1988", "ISO-8859-3" }, { "l3", "ISO-8859-3" }, { "latin3", "ISO-8859-3" },
  { "csisolatin4", "ISO-8859-4" }, { "iso-8859-4", "ISO-8859-4" },
  { "iso-ir-110", "ISO-8859-4" }, { "iso8859-4", "ISO-8859-4" },
  { "iso88594", "ISO-8859-4" }, { "iso_8859-4", "ISO-8859-4" },
  { "iso_8859-4:1988", "ISO-8859-4" }, { "l4", "ISO-8859-4" }, { "latin4", "ISO-8859-4" },
  { "csisolatincyrillic", "ISO-8859-5" }, { "cyrillic", "ISO-8859-5" },
  { "iso-8859-5", "ISO-8859-5" }, { "iso-ir-144", "ISO-8859-5" },
  { "iso8859-5", "ISO-8859-5" }, { "iso88595", "ISO-8859-5" },
  { "iso_8859-5", "ISO-8859-5" }, { "iso_8859-5:1988", "ISO-8859-5" },
  { "arabic", "ISO-8859-6" }, { "asmo-708", "ISO-8859-6" },
  { "csiso88596e", "ISO-8859-6" }, { "csiso88596i", "ISO-8859-6" },
  { "csisolatinarabic", "ISO-8859-6" }, { "ecma-114", "ISO-8859-6" },
  { "iso-8859-6", "ISO-8859-6" }, { "iso-8859-6-e", "ISO-8859-6" },
  { "iso-8859-6-i", "ISO-8859-6" }, { "iso-ir-127", "ISO-8859-6" },
  { "iso8859-6", "ISO-8859-6" }, { "iso88596", "ISO-8859-6" },
  { "iso_8859-6", "ISO-8859-6" }, { "iso_8859-6:1987", "ISO-8859-6" },
  { "csisolatingreek", "ISO-8859-7" }, { "ecma-118", "ISO-8859-7" },
  { "elot_928", "ISO-8859-7" }, { "greek", "ISO-8859-7" }, { "greek8", "ISO-8859-7" },
  { "iso-8859-7", "ISO-8859-7" }, { "iso-ir-126", "ISO-8859-7" },
  { "iso8859-7", "ISO-8859-7" }, { "iso88597", "ISO-8859-7" },
  { "iso_8859-7", "ISO-8859-7" }, { "iso_8859-7:1987", "ISO-8859-7" },
  { "sun_eu_greek", "ISO-8859-7" },
  { "csiso88598e", "ISO-8859-8" }, { "csisolatinhebrew", "ISO-8859-8" },
  { "hebrew", "ISO-8859-8" }, { "iso-8859-8", "ISO-8859-8" },
  { "iso-8859-8-e", "ISO-8859-8" }, { "iso-ir-138", "ISO-8859-8" },
  { "iso8859-8", "ISO-8859-8" }, { "iso88598", "ISO-8859-8" },
  { "iso_8859-8", "ISO-8859-8" }, { "iso_8859-8:1988", "ISO-8859-8" },
  { "visual", "ISO-8859-8" },
  { "csiso88598i", "ISO-8859-8" }, { "iso-8859-8-i", "ISO-8859-8" },
  { "logical", "ISO-8859-8" },
  { "csisolatin6", "ISO-8859-10" }, { "iso-8859-10", "ISO-8859-10" },
  { "iso-ir-157", "ISO-8859-10" }, { "iso8859-10", "ISO-8859-10" },
  { "iso885910", "ISO-8859-10" }, { "l6", "ISO-8859-10" }, { "latin6", "ISO-8859-10" },
  { "iso-8859-13", "ISO-8859-13" }, { "iso8859-13", "ISO-8859-13" },
  { "iso885913", "ISO-8859-13" },
  { "iso-8859-14", "ISO-8859-14" }, { "iso8859-14", "ISO-8859-14" },
  { "iso885914", "ISO-8859-14" },
  { "csisolatin9", "ISO-8859-15" }, { "iso-8859-15", "ISO-8859-15" },
  { "iso8859-15", "ISO-8859-15" }, { "iso885915", "ISO-8859-15" },
  { "iso_8859-15", "ISO-8859-15" }, { "l9", "ISO-8859-15" },
  { "iso-8859-16", "ISO-8859-16" },
  { "cskoi8r", "KOI8-R" }, { "koi", "KOI8-R" }, { "koi8", "KOI8-R" },
  { "koi8-r", "KOI8-R" }, { "koi8_r", "KOI8-R" },
  { "koi8-ru", "KOI8-U" }, { "koi8-u", "KOI8-U" },
  { "csmacintosh", "MACINTOSH" }, { "mac", "MACINTOSH" }, { "macintosh", "MACINTOSH" },
  { "x-mac-roman", "MACINTOSH" },
  { "dos-874", "WINDOWS-874" }, { "iso-8859-11", "WINDOWS-874" },
  { "iso8859-11", "WINDOWS-874" }, { "iso885911", "WINDOWS-874" },
  { "tis-620", "WINDOWS-874" }, { "windows-874", "WINDOWS-874" },
  { "cp1250", "WINDOWS-1250" }, { "windows-1250", "WINDOWS-1250" },
  { "x-cp1250", "WINDOWS-1250" },
  { "cp1251", "WINDOWS-1251" }, { "windows-1251", "WINDOWS-1251" },
  { "x-cp1251", "WINDOWS-1251" },
  { "ansi_x3.4-1968", "WINDOWS-1252" }, { "ascii", "WINDOWS-1252" },
  { "cp1252", "WINDOWS-1252" }, { "cp819", "WINDOWS-1252" },
  { "csisolatin1", "WINDOWS-1252" }, { "ibm819", "WINDOWS-1252" },
  { "iso-8859-1", "WINDOWS-1252" }, { "iso-ir-100", "WINDOWS-1252" },
  { "iso8859-1", "WINDOWS-1252" }, { "iso88591", "WINDOWS-1252" },
  { "iso_8859-1", "WINDOWS-1252" }, { "iso_8859-1:1987", "WINDOWS-1252" },
  { "l1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" }, { "us-ascii", "WINDOWS-1252" },
  { "windows-1252", "WINDOWS-1252" }, { "x-cp1252", "WINDOWS-1252" },
  { "cp1253", "WINDOWS-1253" }, { "windows-1253", "WINDOWS-1253" },
  { "x-cp1253", "WINDOWS-1253" },
  { "cp1254", "WINDOWS-1254" }, { "csisolatin5", "WINDOWS-1254" },
  { "iso-8859-9", "WINDOWS-1254" }, { "iso-ir-148", "WINDOWS-1254" },
  { "iso8859-9", "WINDOWS-1254" }, { "iso88599", "WINDOWS-1254" },
  { "iso_8859-9", "WINDOWS-1254" }, { "iso_8859-9:1989", "WINDOWS-1254" },
  { "l5", "WINDOWS-1254" }, { "latin5", "WINDOWS-1254" },
  { "windows-1254", "WINDOWS-1254" }, { "x-cp1254", "WINDOWS-1254" },
  { "cp1255", "WINDOWS-1255" }, { "windows-1255", "WINDOWS-1255" },
  { "x-cp1255", "WINDOWS-1255" },
  { "cp1256", "WINDOWS-1256" }, { "windows-1256", "WINDOWS-1256" },
  { "x-cp1256", "WINDOWS-1256" },
  { "cp1257", "WINDOWS-1257" }, { "windows-1257", "WINDOWS-1257" },
  { "x-cp1257", "WINDOWS-1257" },
  { "cp1258", "WINDOWS-1258" }, { "windows-1258", "WINDOWS-1258" },
  { "x-cp1258", "WINDOWS-1258" },
  { "x-mac-cyrillic", "MAC-CYRILLIC" }, { "x-mac-ukrainian", "MAC-CYRILLIC" },
  { "chinese", "GB18030" }, { "csgb2312", "GB18030" },
  { "csiso58gb231280", "GB18030" }, { "gb2312", "GB18030" }, { "gb_2312", "GB18030" },
  { "gb_2312-80", "GB18030" }, { "gbk", "GB18030" }, { "iso-ir-58", "GB18030" },
  { "x-gbk", "GB18030" }, { "gb18030", "GB18030" },
  { "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" }, { "cn-big5", "BIG5-HKSCS" },
  { "csbig5", "BIG5-HKSCS" }, { "x-x-big5", "BIG5-HKSCS" },
  { "cseucpkdfmtjapanese", "EUC-JP" }, { "euc-jp", "EUC-JP" }, { "x-euc-jp", "EUC-JP" },
  { "csiso2022jp", "ISO-2022-JP" }, { "iso-2022-jp", "ISO-2022-JP" },
  { "csshiftjis", "WINDOWS-31J" }, { "ms932", "WINDOWS-31J" },
  { "ms_kanji", "WINDOWS-31J" }, { "shift-jis", "WINDOWS-31J" },
  { "shift_jis", "WINDOWS-31J" }, { "sjis", "WINDOWS-31J" },
  { "windows-31j", "WINDOWS-31J" }, { "x-sjis", "WINDOWS-31J" },
  { "cseuckr", "CP949" }, { "csksc56011987", "CP949" }, { "euc-kr", "CP949" },
  { "iso-ir-149", "CP949" }, { "korean", "CP949" }, { "ks_c_5601-1987", "CP949" },
  { "ks_c_5601-1989", "CP949" }, { "ksc5601", "CP949" }, { "ksc_5601", "CP949" },
  { "windows-949", "CP949" },
  { "unicodefffe", "UTF-16BE" }, { "utf-16be", "UTF-16BE" },
  { "csunicode", "UTF-16LE" }, { "iso-10646-ucs-2", "UTF-16LE" }, { "ucs-2", "UTF-16LE" },
  { "unicode", "UTF-16LE" }, { "unicodefeff", "UTF-16LE" }, { "utf-16", "UTF-16LE" },
  { "utf-16le", "UTF-16LE" },
};

static inline gboolean
is_space (guint8 c)
{
  return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

static gboolean
is_utf16 (const char *charset)
{
  return charset != NULL && g_str_has_prefix (charset, "UTF-16");
}

/**
 * wd_charset_from_label:
 * @label: an encoding label as found in a header or a page, like "latin1"
 *
 * Maps an encoding label to the name GLib's converters use, following the
 * WHATWG Encoding Standard: case and surrounding white space do not
 * matter, and labels that pages use loosely map to what browsers decode
 * them as (so "gb2312" is GB18030 and "iso-8859-1" is windows-1252).
 *
 * Returns: (nullable): a static charset name, or %NULL for an unknown label
 */
const char *
wd_charset_from_label (const char *label)
{
  const char *start;
  const char *end;
  gsize len;

  if (label == NULL)
    return NULL;

  start = label;
  while (is_space (*start))
    start++;
  end = start + strlen (start);
  while (end > start && is_space (end[-1]))
    end--;
  len = end - start;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (strlen (labels[i].label) == len
          && g_ascii_strncasecmp (labels[i].label, start, len) == 0)
        return labels[i].charset;
    }

  return NULL;
}

/**
 * wd_charset_from_content_type:
 * @content_type: (nullable): a Content-Type header value
 *
 * Finds the charset parameter of a Content-Type value such as
 * `text/html; charset="Shift_JIS"` and maps it with wd_charset_from_label().
 *
 * Returns: (nullable): a static charset name, or %NULL when there is no
 *   charset parameter or its label is unknown
 */
const char *
wd_charset_from_content_type (const char *content_type)
{
  g_autoptr(GHashTable) params = NULL;
  const char *semi;

  if (content_type == NULL)
    return NULL;

  semi = strchr (content_type, ';');
  if (semi == NULL)
    return NULL;

  /* libsoup's parser handles quoting and compares names without case. */
  params = soup_header_parse_semi_param_list (semi + 1);
  return wd_charset_from_label (g_hash_table_lookup (params, "charset"));
}

static gboolean
match_ci (const guint8 *data,
          gsize         length,
          gsize         pos,
          const char   *word)
{
  gsize n = strlen (word);

  return pos + n <= length && g_ascii_strncasecmp ((const char *) data + pos, word, n) == 0;
}

/*
 * The "get an attribute" steps of the HTML standard's prescan. Returns
 * FALSE when there is no further attribute in this tag (or the data ends);
 * *pos is left on the byte where the caller continues.
 */
static gboolean
get_attribute (const guint8 *data,
               gsize         length,
               gsize        *pos,
               GString      *name,
               GString      *value)
{
  gsize p = *pos;

  g_string_truncate (name, 0);
  g_string_truncate (value, 0);

  while (p < length && (is_space (data[p]) || data[p] == '/'))
    p++;
  if (p >= length || data[p] == '>')
    {
      *pos = p;
      return FALSE;
    }

  /* The name. */
  for (;;)
    {
      guint8 c;

      if (p >= length)
        {
          *pos = p;
          return FALSE;
        }
      c = data[p];
      if (c == '=' && name->len > 0)
        {
          p++;
          goto value;
        }
      if (is_space (c))
        break;
      if (c == '/' || c == '>')
        {
          *pos = p;
          return TRUE;
        }
      g_string_append_c (name, g_ascii_tolower (c));
      p++;
    }

  /* White space after the name: either "= value" follows, or nothing. */
  while (p < length && is_space (data[p]))
    p++;
  if (p >= length || data[p] != '=')
    {
      *pos = p;
      return TRUE;
    }
  p++;

value:
  while (p < length && is_space (data[p]))
    p++;
  if (p >= length)
    {
      *pos = p;
      return FALSE;
    }
  if (data[p] == '"' || data[p] == '\'')
    {
      guint8 quote = data[p++];

      while (p < length && data[p] != quote)
        g_string_append_c (value, g_ascii_tolower (data[p++]));
      if (p >= length)
        {
          *pos = p;
          return FALSE;
        }
      *pos = p + 1;
      return TRUE;
    }
  if (data[p] == '>')
    {
      *pos = p;
      return TRUE;
    }
  while (p < length && !is_space (data[p]) && data[p] != '>')
    g_string_append_c (value, g_ascii_tolower (data[p++]));
  *pos = p;
  return p < length;
}

/* The HTML standard's "extracting a character encoding from a meta
 * element": the charset=… inside a content="text/html; charset=…". */
static char *
charset_from_meta_content (const char *content)
{
  const char *p = content;

  for (;;)
    {
      const char *found = strstr (p, "charset");

      if (found == NULL)
        return NULL;
      p = found + strlen ("charset");
      while (is_space (*p))
        p++;
      if (*p == '=')
        break;
    }

  p++;
  while (is_space (*p))
    p++;

  if (*p == '"' || *p == '\'')
    {
      const char *close = strchr (p + 1, *p);

      if (close == NULL)
        return NULL;
      return g_strndup (p + 1, close - p - 1);
    }
  if (*p == '\0')
    return NULL;

  return g_strndup (p, strcspn (p, "\t\n\f\r ;"));
}

/* A <meta> tag whose "<meta" and the following byte are already matched:
 * returns the charset it declares, or NULL. */
static const char *
charset_from_meta_tag (const guint8 *data,
                       gsize         length,
                       gsize        *pos)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);
  g_autofree char *label = NULL;
  gboolean got_pragma = FALSE;
  int need_pragma = -1;
  const char *charset;

  while (get_attribute (data, length, pos, name, value))
    {
      if (g_hash_table_contains (seen, name->str))
        continue;
      g_hash_table_add (seen, g_strdup (name->str));

      if (g_str_equal (name->str, "http-equiv"))
        {
          if (g_str_equal (value->str, "content-type"))
            got_pragma = TRUE;
        }
      else if (g_str_equal (name->str, "content"))
        {
          if (label == NULL)
            {
              label = charset_from_meta_content (value->str);
              if (label != NULL)
                need_pragma = TRUE;
            }
        }
      else if (g_str_equal (name->str, "charset"))
        {
          g_free (label);
          label = g_strdup (value->str);
          need_pragma = FALSE;
        }
    }

  if (need_pragma == -1 || (need_pragma == TRUE && !got_pragma) || label == NULL)
    return NULL;

  charset = wd_charset_from_label (label);
  /* A page cannot declare UTF-16 in bytes that are readable as ASCII: the
   * standard reads such a page as UTF-8. */
  if (is_utf16 (charset))
    charset = "UTF-8";

  return charset;
}

/**
 * wd_charset_prescan:
 * @data: the first bytes of an HTML page
 * @length: the length of @data
 *
 * Looks for `<meta charset>` or `<meta http-equiv="Content-Type">` in the
 * first 4 KB of @data. This is the byte-level prescan of the HTML standard
 * (comments and other tags' attributes are skipped correctly), not an HTML
 * parse, so it is cheap and runs before the page is decoded.
 *
 * Returns: (nullable): a static charset name, or %NULL when nothing usable is
 *   declared
 */
const char *
wd_charset_prescan (const guint8 *data,
                    gsize         length)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);
  gsize pos = 0;

  length = MIN (length, PRESCAN_LIMIT);

  while (pos < length)
    {
      if (match_ci (data, length, pos, "<!--"))
        {
          /* "<!-->" is a whole comment, so the search starts at the
           * second dash. */
          gsize end = pos + 2;

          while (end + 3 <= length && memcmp (data + end, "-->", 3) != 0)
            end++;
          if (end + 3 > length)
            return NULL;
          pos = end + 3;
          continue;
        }

      if (match_ci (data, length, pos, "<meta")
          && pos + 5 < length
          && (is_space (data[pos + 5]) || data[pos + 5] == '/'))
        {
          const char *charset;

          pos += 5;
          charset = charset_from_meta_tag (data, length, &pos);
          if (charset != NULL)
            return charset;
        }
      else if (data[pos] == '<' && pos + 1 < length
               && (g_ascii_isalpha (data[pos + 1])
                   || (data[pos + 1] == '/' && pos + 2 < length
                       && g_ascii_isalpha (data[pos + 2]))))
        {
          /* Another tag: skip its name and its attributes, whose values
           * may contain anything, "<meta" included. */
          while (pos < length && !is_space (data[pos]) && data[pos] != '>')
            pos++;
          while (get_attribute (data, length, &pos, name, value))
            ;
        }
      else if (match_ci (data, length, pos, "<!") || match_ci (data, length, pos, "</")
               || match_ci (data, length, pos, "<?"))
        {
          const guint8 *end = memchr (data + pos + 2, '>', length - pos - 2);

          if (end == NULL)
            return NULL;
          pos = end - data;
        }

      pos++;
    }

  return NULL;
}

/* The encoding="…" of an XML declaration at the very start of @data, which
 * feeds and XHTML pages use instead of <meta>. */
static const char *
charset_from_xml_declaration (const guint8 *data,
                              gsize         length)
{
  g_autofree char *decl = NULL;
  const char *p;
  const guint8 *end;
  const char *charset;
  char quote;
  gsize len;

  if (!match_ci (data, length, 0, "<?xml") || length < 6 || !is_space (data[5]))
    return NULL;
  end = memchr (data, '>', MIN (length, 512));
  if (end == NULL)
    return NULL;

  decl = g_strndup ((const char *) data, end - data);
  p = strstr (decl, "encoding");
  if (p == NULL)
    return NULL;
  p += strlen ("encoding");
  while (is_space (*p))
    p++;
  if (*p++ != '=')
    return NULL;
  while (is_space (*p))
    p++;
  quote = *p++;
  if (quote != '"' && quote != '\'')
    return NULL;
  len = strcspn (p, quote == '"' ? "\"" : "'");
  if (p[len] != quote)
    return NULL;

  {
    g_autofree char *label = g_strndup (p, len);

    charset = wd_charset_from_label (label);
  }
  /* Same reasoning as for <meta>: ASCII bytes cannot be UTF-16. */
  if (is_utf16 (charset))
    charset = "UTF-8";

  return charset;
}

/**
 * wd_charset_detect:
 * @data: the raw bytes of a page or file
 * @length: the length of @data
 * @content_type: (nullable): the Content-Type header value, if any
 * @out_source: (out) (optional): where the answer came from
 * @out_bom_length: (out) (optional): the length of a byte order mark to
 *   skip, 0 when there is none
 *
 * Decides how @data is encoded, in the order browsers use: a byte order
 * mark; the Content-Type charset; an XML declaration at the start; a
 * `<meta>` declaration in the first 4 KB; and when nothing is declared,
 * UTF-8 if the bytes are valid UTF-8, else windows-1252 (the most common
 * undeclared legacy encoding).
 *
 * Returns: a static charset name usable with wd_charset_convert()
 */
const char *
wd_charset_detect (const guint8    *data,
                   gsize            length,
                   const char      *content_type,
                   WdCharsetSource *out_source,
                   gsize           *out_bom_length)
{
  const char *charset = NULL;
  WdCharsetSource source;
  gsize bom = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      charset = "UTF-8";
      bom = 3;
    }
  else if (length >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      charset = "UTF-16BE";
      bom = 2;
    }
  else if (length >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      charset = "UTF-16LE";
      bom = 2;
    }

  if (charset != NULL)
    source = WD_CHARSET_FROM_BOM;
  else if ((charset = wd_charset_from_content_type (content_type)) != NULL)
    source = WD_CHARSET_FROM_HEADER;
  else if ((charset = charset_from_xml_declaration (data, length)) != NULL)
    source = WD_CHARSET_FROM_XML;
  else if ((charset = wd_charset_prescan (data, length)) != NULL)
    source = WD_CHARSET_FROM_META;
  else if (g_utf8_validate_len ((const char *) data, length, NULL))
    {
      charset = "UTF-8";
      source = WD_CHARSET_FROM_UTF8_CHECK;
    }
  else
    {
      charset = "WINDOWS-1252";
      source = WD_CHARSET_FROM_FALLBACK;
    }

  if (out_source != NULL)
    *out_source = source;
  if (out_bom_length != NULL)
    *out_bom_length = bom;

  return charset;
}

static void
append_replacement (GString *out)
{
  g_string_append (out, "\xEF\xBF\xBD");
}

/* The length of the longest start of a UTF-8 sequence at @p that could
 * still become valid (at least 1): the Encoding Standard replaces each
 * such "maximal subpart" with one U+FFFD. */
static gsize
invalid_utf8_span (const guint8 *p,
                   gsize         remaining)
{
  guint8 lead = p[0];
  guint8 lo = 0x80, hi = 0xBF;
  gsize need;
  gsize n = 1;

  if (lead >= 0xC2 && lead <= 0xDF)
    need = 1;
  else if (lead >= 0xE0 && lead <= 0xEF)
    {
      need = 2;
      if (lead == 0xE0)
        lo = 0xA0;
      else if (lead == 0xED)
        hi = 0x9F;
    }
  else if (lead >= 0xF0 && lead <= 0xF4)
    {
      need = 3;
      if (lead == 0xF0)
        lo = 0x90;
      else if (lead == 0xF4)
        hi = 0x8F;
    }
  else
    return 1;

  while (n <= need && n < remaining)
    {
      guint8 c = p[n];

      if (c < lo || c > hi)
        break;
      lo = 0x80;
      hi = 0xBF;
      n++;
    }

  return n;
}

static void
convert_utf8 (GString      *out,
              const guint8 *data,
              gsize         length)
{
  gsize pos = 0;

  while (pos < length)
    {
      const char *end;

      if (g_utf8_validate_len ((const char *) data + pos, length - pos, &end))
        {
          g_string_append_len (out, (const char *) data + pos, length - pos);
          break;
        }

      g_string_append_len (out, (const char *) data + pos, end - (const char *) data - pos);
      pos = (const guint8 *) end - data;
      /* A NUL is valid UTF-8 but ends a C string; g_utf8_validate_len()
       * stops on it, and it becomes U+FFFD like an invalid byte. */
      if (data[pos] == '\0')
        pos++;
      else
        pos += invalid_utf8_span (data + pos, length - pos);
      append_replacement (out);
    }
}

/* The bytes windows-1252 leaves undefined; the Encoding Standard decodes
 * them as the C1 control of the same value, glibc refuses them. */
static gboolean
is_undefined_1252 (guint8 c)
{
  return c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
}

static gboolean
convert_iconv (GString      *out,
               const guint8 *data,
               gsize         length,
               const char   *charset)
{
  GIConv cd = g_iconv_open ("UTF-8", charset);
  gboolean is_1252 = g_str_equal (charset, "WINDOWS-1252");
  char buffer[4096];
  char *in = (char *) data;
  gsize in_left = length;
  gboolean flushed = FALSE;

  if (cd == (GIConv) -1)
    return FALSE;

  while (!flushed)
    {
      char *outp = buffer;
      gsize out_left = sizeof buffer;
      gsize res;
      int saved_errno;

      /* With no input left, one more call writes out what a stateful
       * encoding (ISO-2022-JP) still holds. */
      if (in_left > 0)
        res = g_iconv (cd, &in, &in_left, &outp, &out_left);
      else
        {
          res = g_iconv (cd, NULL, NULL, &outp, &out_left);
          flushed = TRUE;
        }
      saved_errno = errno;
      g_string_append_len (out, buffer, outp - buffer);

      if (res != (gsize) -1)
        continue;

      if (saved_errno == E2BIG)
        {
          flushed = FALSE;
          continue;
        }

      if (saved_errno == EILSEQ && is_1252 && is_undefined_1252 ((guint8) *in))
        g_string_append_unichar (out, (guint8) *in);
      else if (saved_errno == EILSEQ || saved_errno == EINVAL)
        append_replacement (out);
      else
        break;

      /* EINVAL means the input ends inside a sequence: one replacement
       * covers the rest. Otherwise skip the bad byte and go on. */
      if (saved_errno == EINVAL)
        in_left = 0;
      else
        {
          in++;
          in_left--;
        }
    }

  g_iconv_close (cd);
  return TRUE;
}

/* U+0000 would end the string early for every caller; it never belongs in
 * article text, so it becomes U+FFFD as in HTML parsing. */
static void
replace_nuls (GString *out)
{
  gsize pos = 0;
  char *nul;

  while ((nul = memchr (out->str + pos, '\0', out->len - pos)) != NULL)
    {
      pos = nul - out->str;
      g_string_erase (out, pos, 1);
      g_string_insert (out, pos, "\xEF\xBF\xBD");
      pos += 3;
    }
}

/**
 * wd_charset_convert:
 * @data: bytes in @charset
 * @length: the length of @data
 * @charset: a charset name as returned by wd_charset_detect()
 * @out_length: (out) (optional): the length of the result in bytes
 *
 * Converts @data to UTF-8. This never fails: bytes that are invalid in
 * @charset, and NUL characters, become U+FFFD REPLACEMENT CHARACTER, so a
 * page with a few broken bytes still imports. A charset the system cannot
 * convert is read as UTF-8 the same forgiving way.
 *
 * Returns: (transfer full): valid, NUL-terminated UTF-8 without embedded
 *   NULs
 */
char *
wd_charset_convert (const guint8 *data,
                    gsize         length,
                    const char   *charset,
                    gsize        *out_length)
{
  GString *out;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (charset != NULL, NULL);

  out = g_string_sized_new (length + length / 2 + 1);

  if (g_ascii_strcasecmp (charset, "UTF-8") == 0
      || !convert_iconv (out, data, length, charset))
    {
      g_string_truncate (out, 0);
      convert_utf8 (out, data, length);
    }

  replace_nuls (out);

  if (out_length != NULL)
    *out_length = out->len;

  return g_string_free (out, FALSE);
}

/**
 * wd_charset_decode:
 * @data: the raw bytes of a page or file
 * @length: the length of @data
 * @content_type: (nullable): the Content-Type header value, if any
 * @out_charset: (out) (optional): the charset used (a static string)
 * @out_length: (out) (optional): the length of the result in bytes
 *
 * Detects the encoding of @data with wd_charset_detect() and converts it
 * to UTF-8 with wd_charset_convert(), dropping a byte order mark.
 *
 * Returns: (transfer full): valid, NUL-terminated UTF-8
 */
char *
wd_charset_decode (const guint8  *data,
                   gsize          length,
                   const char    *content_type,
                   const char   **out_charset,
                   gsize         *out_length)
{
  const char *charset;
  gsize bom = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  charset = wd_charset_detect (data, length, content_type, NULL, &bom);
  if (out_charset != NULL)
    *out_charset = charset;

  if (length == 0)
    {
      if (out_length != NULL)
        *out_length = 0;
      return g_strdup ("");
    }

  return wd_charset_convert (data + bom, length - bom, charset, out_length);
}
