/* Build tool: renders a Markdown manual page with cmark-gfm's man renderer.
 * usage: mkman NAME SECTION DATE INPUT.md OUTPUT [TITLE]
 * TITLE heads every page (default: procspec manual). */
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 6 && argc != 7) {
    fprintf(stderr, "usage: mkman NAME SECTION DATE INPUT.md OUTPUT [TITLE]\n");
    return 2;
  }
  FILE *in = fopen(argv[4], "rb");
  if (!in) {
    perror(argv[4]);
    return 2;
  }
  cmark_node *doc = cmark_parse_file(in, CMARK_OPT_DEFAULT);
  fclose(in);
  char *man = doc ? cmark_render_man(doc, CMARK_OPT_DEFAULT, 72) : NULL;
  FILE *out = fopen(argv[5], "wb");
  if (!man || !out) {
    perror(argv[5]);
    return 2;
  }
  fprintf(out, ".TH \"%s\" \"%s\" \"%s\" \"procspec\" \"%s\"\n%s", argv[1], argv[2], argv[3],
          argc == 7 ? argv[6] : "procspec manual", man);
  int failed = fclose(out) != 0;
  free(man);
  cmark_node_free(doc);
  return failed ? 2 : 0;
}
