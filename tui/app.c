/* SPDX-License-Identifier: MIT */
/* The kiosk's event loop: keys become actions (one table), go to the
 * screen on top of the stack, and the flags it returns decide what
 * happens; the screen is drawn into ncurses' virtual screen only when
 * something changed and sent with a single doupdate(), so ncurses sends
 * the terminal only the cells that differ. Signal handlers only set flags:
 * a hang-up keeps the half-filled form as a draft; Ctrl-C, Ctrl-\ and
 * Ctrl-Z never reach a shell. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "printer.h"
#include "queue.h"
#include "screen.h"
#include "settings.h"
#include "util.h"

/* Esc, then a digit within this time: that function key (terminals
 * without them); a lone Esc acts when it has passed. Short, so Esc backs
 * out at once and a digit typed after it is seldom taken for a key. */
#define ESC_DIGIT_MS 600
/* The longest one read of the keyboard waits. A hang-up that comes after
 * the loop looked at its flag and before the read began interrupts no
 * read: the next look, this much later at most, finds it. Waking costs
 * nothing on the wire (nothing changed, nothing is sent). */
#define HUP_LOOK_MS 1000
/* How long ncurses waits after Esc for the rest of a terminal's key
 * sequence (they arrive together, even over SSH). */
#define ESC_SEQ_MS 60

static volatile sig_atomic_t got_hup;

static void
on_hup(int sig)
{
	(void)sig;
	got_hup = 1;
}

int
app_hung_up(void)
{
	return got_hup;
}

void
app_status(struct app *a, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_error = error;
}

void
app_status_clear(struct app *a)
{
	a->status[0] = '\0';
	a->status_error = 0;
}

void
app_login_done(struct app *a, const struct actor *who)
{
	struct store *s = a->sess->store;

	a->actor = *who;
	a->logged_in = 1;
	a->have_office = who->office_id &&
			 office_get_id(s, who->office_id, &a->office, NULL) ==
				 ST_OK;
	a->window_no = window_of(s, who->id);
	a->idle_secs = settings_idle_seconds(s);
}

int
app_printer(struct app *a, char *out, size_t n)
{
	out[0] = '\0';
	if (!a->window_no)
		return 0;
	return printer_of_window(a->sess->store, a->actor.office_id,
				 a->window_no, out, n);
}

void
app_print_dir(struct app *a, char *out, size_t n)
{
	char choice[300];
	const char *slash;

	if (app_printer(a, choice, sizeof choice) &&
	    str_starts(choice, "file:") && (slash = strrchr(choice, '/'))) {
		snprintf(out, n, "%.*s", (int)(slash - choice - 5), choice + 5);
		return;
	}
	/* Installed setgid: the office's print folder of okno.conf (a
	 * window's account may not make folders beside the database). */
	if ((slash = printer_office_dir())) {
		snprintf(out, n, "%s", slash);
		return;
	}
	session_files_dir(a->sess, choice, sizeof choice);
	snprintf(out, n, "%s/print", choice);
}

void
app_ticket(struct app *a, char *out, size_t n)
{
	struct queue_ticket t;

	out[0] = '\0';
	if (a->window_no && role_allows(a->actor.roles, PERM_QUEUE) &&
	    queue_current(a->sess->store, &a->actor, &t, NULL) == ST_OK)
		queue_ticket_label(&t, out, n);
}

/* Keys to actions: the one table. */
static const struct {
	int code;
	enum action act;
} keymap[] = {
	{KEY_LEFT, ACT_LEFT},       {KEY_RIGHT, ACT_RIGHT}, {KEY_UP, ACT_UP},
	{KEY_DOWN, ACT_DOWN},       {KEY_HOME, ACT_HOME},   {KEY_END, ACT_END},
	{KEY_FIND, ACT_HOME},       {KEY_SELECT, ACT_END},  {KEY_PPAGE, ACT_PGUP},
	{KEY_NPAGE, ACT_PGDN},      {KEY_BACKSPACE, ACT_BACKSPACE},
	{KEY_DC, ACT_DELETE},       {KEY_IC, ACT_INSERT},   {KEY_BTAB, ACT_BTAB},
	{KEY_ENTER, ACT_ENTER},     {KEY_F(1), ACT_F1},     {KEY_F(2), ACT_F2},
	{KEY_F(3), ACT_F3},         {KEY_F(4), ACT_F4},     {KEY_F(5), ACT_F5},
	{KEY_F(6), ACT_F6},         {KEY_F(7), ACT_F7},     {KEY_F(8), ACT_F8},
	{KEY_F(9), ACT_F9},         {KEY_F(10), ACT_F10},
};

static const struct {
	wint_t ch;
	enum action act;
} ctrlmap[] = {
	{'\t', ACT_TAB},   {'\r', ACT_ENTER},     {'\n', ACT_ENTER},
	{127, ACT_BACKSPACE}, {8, ACT_BACKSPACE}, {12, ACT_REFRESH},
	{27, ACT_ESC},     {1, ACT_HOME},         {5, ACT_END},
	{4, ACT_DELETE},
};

static enum action
map_key(int kind, wint_t ch)
{
	size_t i;

	if (kind == KEY_CODE_YES) {
		for (i = 0; i < sizeof keymap / sizeof keymap[0]; i++)
			if (keymap[i].code == (int)ch)
				return keymap[i].act;
		return ACT_NONE;
	}
	for (i = 0; i < sizeof ctrlmap / sizeof ctrlmap[0]; i++)
		if (ctrlmap[i].ch == ch)
			return ctrlmap[i].act;
	if (ch < 0x20 || (ch >= 0x7F && ch < 0xA0))
		return ACT_NONE; /* Ctrl-C, Ctrl-Z, Ctrl-\ and the like */
	return ACT_CHAR;
}

static struct screen *
top(struct app *a)
{
	return a->depth ? a->stack[a->depth - 1] : NULL;
}

static int
push(struct app *a, const struct screen_ops *ops, void *arg)
{
	struct screen *s;

	if (a->depth == STACK_MAX)
		return -1;
	s = xcalloc(1, sizeof *s);
	s->ops = ops;
	s->app = a;
	a->stack[a->depth++] = s;
	if (ops->enter && ops->enter(s, arg) != 0) {
		a->depth--;
		free(s);
		return -1;
	}
	return 0;
}

static void
pop(struct app *a)
{
	struct screen *s = top(a);

	if (!s)
		return;
	if (s->ops->leave)
		s->ops->leave(s);
	a->depth--;
	free(s);
}

/* Keep every screen's work (drafts) before the session ends. */
static void
hangup_all(struct app *a)
{
	int i;

	for (i = a->depth - 1; i >= 0; i--)
		if (a->stack[i]->ops->hangup)
			a->stack[i]->ops->hangup(a->stack[i]);
}

static void
to_login(struct app *a)
{
	while (a->depth)
		pop(a);
	memset(&a->actor, 0, sizeof a->actor);
	a->logged_in = 0;
	a->window_no = 0;
	a->idle_secs = 0;
	a->intake_service = NULL;
	a->start.service = NULL;
	push(a, &login_screen, NULL);
}

static void
draw(struct app *a)
{
	struct screen *s = top(a);
	static int cursor_on = -1;
	int want;

	werase(stdscr);
	a->cur_y = -1;
	a->too_small = LINES < TUI_MIN_ROWS || COLS < TUI_MIN_COLS;
	if (a->too_small) {
		char msg[160];

		snprintf(msg, sizeof msg,
			 _("Окно терминала мало: нужно не меньше %d×%d, сейчас %d×%d"),
			 TUI_MIN_COLS, TUI_MIN_ROWS, COLS, LINES);
		tui_text(stdscr, 0, 0, msg, COLS);
	} else if (s) {
		s->ops->draw(s, stdscr);
	}
	want = a->cur_y >= 0;
	if (want != cursor_on) {
		curs_set(want);
		cursor_on = want;
	}
	if (want)
		wmove(stdscr, a->cur_y, a->cur_x);
	wnoutrefresh(stdscr);
	doupdate();
}

static int
idle_timeout_ms(struct app *a)
{
	struct screen *s = top(a);
	time_t now = time(NULL);
	long left;

	if (!a->logged_in || a->idle_secs <= 0 || !s || s->ops == &lock_screen)
		return -1;
	left = (long)(a->last_key + a->idle_secs - now);
	return left <= 0 ? 0 : (int)(left * 1000);
}

static void
apply_flags(struct app *a, int fl, int *quit)
{
	if (fl & SCR_LOGOUT) {
		to_login(a);
		return;
	}
	if (fl & SCR_QUIT) {
		if (a->kiosk)
			to_login(a);
		else
			*quit = 1;
		return;
	}
	if (fl & SCR_CLOSE)
		pop(a);
	if (fl & SCR_PUSH) {
		const struct screen_ops *ops = a->push.ops;

		a->push.ops = NULL;
		if (ops)
			push(a, ops, a->push.arg);
		a->push.arg = NULL;
	}
	if (!a->depth) {
		if (a->kiosk)
			to_login(a);
		else
			*quit = 1;
	}
}

int
tui_charset_ascii(const char *cs)
{
	return !cs || !strcmp(cs, "ANSI_X3.4-1968") || !strcmp(cs, "ASCII") ||
	       !strcmp(cs, "US-ASCII") || !strcmp(cs, "646");
}

/* A terminal whose F1..F10 are real keys: terminfo gives kf10, and not
 * as the vt100 family does, on the numeric keypad (ESC O letter). Others
 * are shown Esc+digit on the key bar. */
static int
has_fkeys(void)
{
	const char *kf = tigetstr("kf10"), *t = getenv("TERM");

	if (t && (strncmp(t, "vt1", 3) == 0 || strncmp(t, "vt5", 3) == 0))
		return 0;
	if (!kf || kf == (const char *)-1 || !*kf)
		return 0;
	return !(kf[0] == '\033' && kf[1] == 'O' && kf[2] >= 'a' &&
		 kf[2] <= 'z');
}

static void
setup_terminal(struct app *a)
{
	const char *cs;

	setlocale(LC_ALL, "");
	tui_i18n_init();
	cs = nl_langinfo(CODESET);
	a->utf8 = cs && strcmp(cs, "UTF-8") == 0;
	a->ascii = tui_charset_ascii(cs);
	tui_text_ascii(a->ascii);
	if (!getenv("ESCDELAY"))
		set_escdelay(ESC_SEQ_MS);
	initscr();
	a->esc_keys = !has_fkeys();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* Shift-Tab: the vt100 family's terminfo has no kcbt, yet today's
	 * terminals send ESC [ Z for it, which would read as Esc (leaving
	 * the form) and two letters. */
	if (key_defined("\033[Z") <= 0)
		define_key("\033[Z", KEY_BTAB);
	/* No colours: reverse and bold work from vt100 up and cost less. */
	/* ncurses (6.4) sends each cursor movement of an update out on its
	 * own until the screen has once been suspended and resumed, so over
	 * SSH one key could cost several packets. Suspending and resuming
	 * here, before the first paint, makes every update one write. */
	endwin();
	doupdate();
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hup;  /* no SA_RESTART: the read returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
}

/* Where the loop stands between two keys. */
struct loop {
	int quit, dirty;
	int esc;  /* an Esc read: a digit next is a function key */
	int errs; /* reads interrupted in a row */
};

/* An Esc, and then: a digit, F1..F10 (F10 for 0); anything else, Esc and
 * that key (Esc Esc is one Esc). */
static int
after_esc(struct key k, wint_t ch, struct key q[2])
{
	if (k.act == ACT_CHAR && ch >= '0' && ch <= '9') {
		k.act = ch == '0' ? ACT_F10
				  : (enum action)(ACT_F1 + (int)(ch - '1'));
		q[0] = k;
		return 1;
	}
	q[0] = (struct key){ACT_ESC, 27};
	if (k.act == ACT_ESC)
		return 1;
	q[1] = k;
	return 2;
}

/* Waits for the next key (or the idle time, which locks the screen) and
 * puts into q what it means: 0, 1 or 2 keys; -1 when the terminal is
 * gone or okno is told to hang up. */
static int
read_keys(struct app *a, struct loop *l, struct key q[2])
{
	int want = l->esc ? ESC_DIGIT_MS : idle_timeout_ms(a), kind;
	int t = want < 0 || want > HUP_LOOK_MS ? HUP_LOOK_MS : want;
	struct timespec t0, t1;
	struct screen *s;
	struct key k;
	long waited;
	wint_t ch;

	if (got_hup)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	wtimeout(stdscr, t);
	kind = wget_wch(stdscr, &ch);
	if (got_hup)
		return -1;
	if (kind == ERR) {
		if (l->esc) { /* a lone Esc */
			l->esc = 0;
			q[0] = (struct key){ACT_ESC, 27};
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		waited = (t1.tv_sec - t0.tv_sec) * 1000 +
			 (t1.tv_nsec - t0.tv_nsec) / 1000000;
		/* Back long before its time: a signal interrupted the read,
		 * or the terminal is gone (EOF, EIO), which a hundred such
		 * returns in a row take for a hang-up. */
		if (waited < t / 2) {
			if (++l->errs < 100)
				return 0;
			got_hup = 1;
			return -1;
		}
		l->errs = 0;
		if (t == want) { /* idle */
			s = top(a);
			if (s && s->ops != &lock_screen) {
				push(a, &lock_screen, NULL);
				l->dirty = 1;
			}
		}
		return 0;
	}
	l->errs = 0;
	a->last_key = time(NULL);
	if (kind == KEY_CODE_YES && ch == KEY_RESIZE) {
		l->dirty = 1;
		return 0;
	}
	k.act = map_key(kind, ch);
	k.ch = (uint32_t)ch;
	if (l->esc) {
		l->esc = 0;
		return after_esc(k, ch, q);
	}
	if (k.act == ACT_ESC) {
		l->esc = 1;
		return 0;
	}
	q[0] = k;
	return 1;
}

/* The keys to the screen on top (F1 to its help). */
static void
run_keys(struct app *a, struct loop *l, const struct key *q, int nq)
{
	struct screen *s;
	int i, fl;

	for (i = 0; i < nq && !l->quit; i++) {
		if (q[i].act == ACT_NONE)
			continue;
		if (q[i].act == ACT_REFRESH) {
			/* Repaint everything; a list reads itself again. */
			clearok(curscr, TRUE);
			l->dirty = 1;
		}
		if (a->too_small || !(s = top(a)))
			continue;
		/* F1 is the help of whatever screen is on top. */
		if (q[i].act == ACT_HELP && s->ops != &help_screen &&
		    s->ops != &lock_screen) {
			push(a, &help_screen, s);
			l->dirty = 1;
			continue;
		}
		fl = s->ops->key(s, &q[i]);
		if (!fl && s->ops->esc_closes &&
		    (q[i].act == ACT_ESC || q[i].act == ACT_QUIT)) {
			app_status_clear(a);
			fl = SCR_CLOSE;
		}
		if (fl & (SCR_REDRAW | SCR_CLOSE | SCR_QUIT | SCR_PUSH |
			  SCR_LOGOUT))
			l->dirty = 1;
		apply_flags(a, fl, &l->quit);
	}
}

int
tui_main(struct session *c, const char *intake_service)
{
	struct loop l = {.dirty = 1};
	struct key q[2];
	struct app a;
	int nq;

	memset(&a, 0, sizeof a);
	a.sess = c;
	a.kiosk = c->kiosk;
	a.intake_service = intake_service;
	a.start.service = intake_service;
	a.previous = json_object();
	a.have_office = office_default(c->store, &a.office, NULL) == ST_OK;
	/* Already logged in (okno --as with a password file): no login
	 * screen. */
	if (c->have_actor)
		app_login_done(&a, &c->actor);
	install_signals();
	setup_terminal(&a);
	a.last_key = time(NULL);
	if (!a.logged_in)
		push(&a, &login_screen, NULL);
	else if (!intake_service ||
		 push(&a, &intake_screen, &a.start) != 0)
		push(&a, &menu_screen, NULL);
	while (!l.quit && !got_hup && a.depth) {
		if (l.dirty) {
			draw(&a);
			l.dirty = 0;
		}
		if ((nq = read_keys(&a, &l, q)) < 0)
			break;
		run_keys(&a, &l, q, nq);
	}
	if (got_hup)
		hangup_all(&a);
	while (a.depth)
		pop(&a);
	endwin(); /* harmless on a dead terminal */
	json_decref(a.previous);
	return 0;
}
