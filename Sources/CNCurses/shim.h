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

/* ---- Terminal restore on every exit path (wizard) ---- */
#include <signal.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <poll.h>
#include <errno.h>

static inline void shim_restore_terminal(void) { if (!isendwin()) { endwin(); } }

static inline void shim_restore_on_signal(int sig) {
    shim_restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Install SIGTERM/SIGQUIT/SIGABRT handlers and an atexit hook that call endwin. SIGHUP (the terminal
   went away) is ignored: input then fails at once, the wizard stops drawing and lets the running
   step finish or roll back before it exits, instead of dying mid-step. */
static inline void shim_install_restore_handlers(void) {
    static int installed = 0;
    if (installed) { return; }
    installed = 1;
    atexit(shim_restore_terminal);
    struct sigaction sa;
    sa.sa_handler = shim_restore_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGHUP, SIG_IGN);
    sigaction(SIGQUIT, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
}

/* Ctrl-Z (raw mode delivers it as a key): give the terminal back, stop like any job, and on
   SIGCONT (raise returns then) take the terminal again; the caller redraws everything. The
   calling thread may be a dispatch worker, which blocks signals: SIGTSTP is unblocked for it. */
static inline void shim_suspend(void) {
    endwin();
    struct sigaction dfl, old;
    dfl.sa_handler = SIG_DFL; sigemptyset(&dfl.sa_mask); dfl.sa_flags = 0;
    sigaction(SIGTSTP, &dfl, &old);
    sigset_t tstp, mask;
    sigemptyset(&tstp); sigaddset(&tstp, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &tstp, &mask);
    raise(SIGTSTP);
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
    sigaction(SIGTSTP, &old, NULL);
    refresh();
}

/* Wait until stdin is readable: 1 readable, 0 timeout, -1 hang-up or error. */
static inline int shim_wait_input(int timeout_ms) {
    struct pollfd p; p.fd = STDIN_FILENO; p.events = POLLIN; p.revents = 0;
    int r = poll(&p, 1, timeout_ms);
    if (r < 0) { return errno == EINTR ? 0 : -1; }
    if (r == 0) { return 0; }
    if (p.revents & (POLLERR | POLLNVAL | POLLHUP)) { return -1; }
    return 1;
}
static inline int shim_key_down(void) { return KEY_DOWN; }
static inline int shim_key_up(void) { return KEY_UP; }
static inline int shim_key_left(void) { return KEY_LEFT; }
static inline int shim_key_right(void) { return KEY_RIGHT; }
static inline int shim_key_npage(void) { return KEY_NPAGE; }
static inline int shim_key_ppage(void) { return KEY_PPAGE; }
static inline int shim_key_home(void) { return KEY_HOME; }
static inline int shim_key_end(void) { return KEY_END; }
static inline int shim_key_btab(void) { return KEY_BTAB; }
static inline int shim_key_backspace(void) { return KEY_BACKSPACE; }
static inline int shim_key_dc(void) { return KEY_DC; }
static inline int shim_key_enter(void) { return KEY_ENTER; }
static inline int shim_key_code_yes(void) { return KEY_CODE_YES; }
/* Read one wide key without blocking: returns ERR, OK (character) or KEY_CODE_YES (function key). */
static inline int shim_get_wch(wint_t *out) { return wget_wch(stdscr, out); }
#endif
