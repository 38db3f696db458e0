#ifndef EDU_MIGRATE_CNCURSES_SHIM_H
#define EDU_MIGRATE_CNCURSES_SHIM_H
/* SwiftPM drops pkg-config's -D flags, so ask for the wide-character API here. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>

/* Macros and globals that do not import into Swift 6, wrapped as functions. */
static inline WINDOW *shim_stdscr(void) { return stdscr; }
static inline int shim_lines(void) { return LINES; }
static inline int shim_cols(void) { return COLS; }
static inline int shim_colors(void) { return COLORS; }
static inline int shim_maxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int shim_maxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline int shim_key_f(int n) { return KEY_F(n); }
static inline attr_t shim_a_bold(void) { return A_BOLD; }
static inline attr_t shim_a_reverse(void) { return A_REVERSE; }
static inline attr_t shim_a_dim(void) { return A_DIM; }
static inline attr_t shim_a_underline(void) { return A_UNDERLINE; }
static inline attr_t shim_a_normal(void) { return A_NORMAL; }
static inline attr_t shim_color_pair(int n) { return COLOR_PAIR(n); }
static inline int shim_key_resize(void) { return KEY_RESIZE; }
static inline int shim_err(void) { return ERR; }
/* Draw a string with attributes at (y, x), clipped by ncurses itself. */
static inline int shim_mvaddstr_attr(int y, int x, const char *s, attr_t a) {
    attr_t old; short pair; attr_get(&old, &pair, NULL);
    attrset(a); int r = mvaddstr(y, x, s); attrset(old);
    return r;
}
static inline const char *shim_codeset(void) { return nl_langinfo(CODESET); }
#endif
