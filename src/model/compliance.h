/* The compliance form (仕様適合確認書): one row per requirement statement
 * of a document (ps_statements), for the bidder to answer 適合 / 一部適合 /
 * 不適合 with an explanation, as Markdown, DOCX, ODT (through the document
 * model and the writers), CSV and XLSX. Every format lays out the same
 * cells, and the reader of filled forms (confirm.c) looks for the same
 * labels, defined here once. */
#ifndef PS_COMPLIANCE_H
#define PS_COMPLIANCE_H
#include "document.h"
#include "statements.h"

#define PS_FORM_NAME "仕様適合確認書"
#define PS_FORM_SPEC "仕様書"
#define PS_FORM_VERSION "版"
#define PS_FORM_DATE "日付"
#define PS_FORM_FINGERPRINT "仕様書の指紋（SHA-256）"
#define PS_FORM_TO "宛先"
#define PS_FORM_ADDRESS "所在地"
#define PS_FORM_BIDDER "商号又は名称"
#define PS_FORM_REPRESENTATIVE "代表者職氏名"
#define PS_FORM_FILLED "記入日"
#define PS_FORM_DECLARATION "本件調達仕様書の各要件について、下記のとおり回答します。"
#define PS_FORM_HOWTO "記入方法"
#define PS_FORM_HOWTO_TEXT                                                                                                                     \
  "回答欄には「適合」「一部適合」「不適合」のいずれかを記入し、説明・根拠資料欄には対応の方法と" \
  "根拠となる資料（資料名及び頁）を記入してください。一部適合及び不適合の場合は、その内容と代替" \
  "の方法を記入してください。行の追加、削除及び並べ替えはせず、要件IDは変更しないでください。"

/* The header of the 説明・根拠資料 column: its label, and below it what
 * the bidder writes there. The label is what a reader of the form looks
 * for (ps_form_columns); the note gives the column, where the bidder
 * writes most, the width of the widest in DOCX and ODT. */
#define PS_FORM_NOTE_HEAD_NOTE "（対応の方法、資料名及び頁）"

enum {
  PS_FORM_COL_NUMBER,
  PS_FORM_COL_TEXT,
  PS_FORM_COL_ANSWER,
  PS_FORM_COL_NOTE,
  PS_FORM_COL_ID,
  PS_FORM_NCOLS
};
extern const char *const ps_form_columns[PS_FORM_NCOLS];
/* The three answers, in the order the form offers them. */
extern const char *const ps_form_answers[3];

/* The form of ST, titled TITLE (plain text), as a document for the
 * writers. */
int ps_compliance_document(ps_document **out, const ps_statements *st, const char *kind,
                           const char *name, const char *title);
/* The form as CSV (UTF-8 with a byte-order mark, every field quoted). */
int ps_compliance_csv(unsigned char **out, size_t *len, const ps_statements *st, const char *title);
/* The form as an XLSX workbook: answers restricted to the three, every
 * other cell locked, the header row frozen, A4 landscape. */
int ps_compliance_xlsx(unsigned char **out, size_t *len, const ps_statements *st, const char *title,
                       ps_diags *diags);
#endif
