/* SPDX-License-Identifier: MIT */
/* The progress reporter (progress.h): pacing of the renderer's calls, the
 * phases' names and the status text both front ends show. */
#include "progress.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Texts an inspector reads go through the "okno" catalogue (po/) in the
 * screen's language (i18n.h): the kiosk's, Russian on the CLI. */
#define _(s) i18n_screen(s)
#define N_(s) (s)

/* The renderer is called about every CALL_EVERY seconds. */
#define CALL_EVERY 0.02

static const struct {
	const char *name;
	enum progress_unit unit;
} phases[PROGRESS__COUNT] = {
	[PROGRESS_JOURNAL_VERIFY] = {N_("Проверка цепочки журнала"),
				     PROGRESS_LINES},
	[PROGRESS_AUDIT_VERIFY] = {N_("Проверка цепочки аудита"),
				   PROGRESS_LINES},
	[PROGRESS_BACKUP_COPY] = {N_("Копирование базы данных"),
				  PROGRESS_BYTES},
	[PROGRESS_RESTORE_COPY] = {N_("Восстановление базы данных"),
				   PROGRESS_BYTES},
	[PROGRESS_INTEGRITY] = {N_("Проверка целостности копии"),
				PROGRESS_TIME},
	[PROGRESS_RECORDS_IMPORT] = {N_("Загрузка списка спецучётов"),
				     PROGRESS_LINES},
	[PROGRESS_PORTAL_IMPORT] = {N_("Приём заявлений с портала"),
				    PROGRESS_FILES},
	[PROGRESS_JOURNAL_PAGES] = {N_("Подготовка страниц журнала"),
				    PROGRESS_ENTRIES},
	[PROGRESS_JOURNAL_EXPORT] = {N_("Выгрузка журнала"),
				     PROGRESS_ENTRIES},
	[PROGRESS_DAY_CLOSE] = {N_("Закрытие дня"), PROGRESS_STEPS},
	[PROGRESS_REPORT] = {N_("Составление отчёта"), PROGRESS_STEPS},
	[PROGRESS_MIGRATE_COPY] = {N_("Копирование подразделения в общую базу"),
				   PROGRESS_LINES},
};

double
progress_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *
progress_phase_name(enum progress_phase phase)
{
	return phase < PROGRESS__COUNT ? phases[phase].name : "";
}

enum progress_unit
progress_phase_unit(enum progress_phase phase)
{
	return phase < PROGRESS__COUNT ? phases[phase].unit : PROGRESS_STEPS;
}

static int
notify(struct progress *p)
{
	if (!p->cancelled && p->show && p->show(p->arg, p))
		p->cancelled = 1;
	return p->cancelled;
}

int
progress_begin(struct progress *p, enum progress_phase phase,
	       long long total)
{
	if (!p)
		return 0;
	p->phase = phase;
	p->done = 0;
	p->total = total > 0 ? total : 0;
	p->started = p->last = progress_clock();
	p->ended = 0;
	p->stride = 1;
	p->next = 1;
	return notify(p) ? (p->next = 0, 1) : 0;
}

int
progress_call(struct progress *p, long long done)
{
	double now = progress_clock(), gap = now - p->last;

	/* Double the stride while calls come faster than CALL_EVERY, halve
	 * it while they come much slower: a call every 20 ms or so, whether
	 * a unit takes a microsecond (a chain line) or a second. */
	if (gap < CALL_EVERY / 2 && p->stride < (1LL << 30))
		p->stride *= 2;
	else if (gap > CALL_EVERY * 2 && p->stride > 1)
		p->stride /= 2;
	p->last = now;
	p->done = done;
	/* Once cancelled, every later call says so. */
	return notify(p) ? (p->next = 0, 1) : (p->next = done + p->stride, 0);
}

int
progress_tick(void *arg)
{
	struct progress *p = arg;

	return progress_call(p, p->done);
}

void
progress_end(struct progress *p)
{
	if (!p)
		return;
	p->ended = 1;
	if (p->show)
		p->show(p->arg, p);
}

enum status
progress_cancelled(struct err *e)
{
	return err_set(e, ST_CANCELLED, "", "Отменено: ничего не записано");
}

/* ---- the status text ----------------------------------------------------- */

/* 1234567 -> "1 234 567" */
static void
grouped(long long v, char *out, size_t n)
{
	char digits[32], *o = out;
	int len, i;

	if (v < 0)
		v = 0;
	len = snprintf(digits, sizeof digits, "%lld", v);
	for (i = 0; i < len && (size_t)(o - out) + 2 < n; i++) {
		if (i && (len - i) % 3 == 0)
			*o++ = ' ';
		*o++ = digits[i];
	}
	*o = '\0';
}

/* Two significant digits: a rate that jitters in its last digits would
 * redraw them on every frame for nothing. */
static long long
two_digits(double v)
{
	long long scale = 1;

	while (v >= 100.0 * (double)scale)
		scale *= 10;
	return (long long)(v / (double)scale + 0.5) * scale;
}

static void
duration(double secs, char *out, size_t n)
{
	long s = (long)(secs + 0.999);

	if (s < 60)
		snprintf(out, n, _("%ld с"), s);
	else if (s < 600)
		snprintf(out, n, _("%ld мин %ld с"), s / 60, (s % 60) / 10 * 10);
	else if (s < 3600)
		snprintf(out, n, _("%ld мин"), (s + 59) / 60);
	else
		snprintf(out, n, _("%ld ч %ld мин"), s / 3600,
			 s % 3600 / 60);
}

static const char *
rate_format(enum progress_unit u)
{
	switch (u) {
	case PROGRESS_LINES:
		return _("%s строк/с");
	case PROGRESS_ENTRIES:
		return _("%s записей/с");
	case PROGRESS_FILES:
		return _("%s файлов/с");
	case PROGRESS_BYTES:
		return _("%s МБ/с");
	default:
		return NULL;
	}
}

void
progress_text(const struct progress *p, double now, char *out, size_t n)
{
	enum progress_unit u = progress_phase_unit(p->phase);
	double elapsed = now - p->started, rate = 0;
	long long done = p->done, total = p->total, mb = 1024 * 1024;
	char a[32], b[32], r[48], t[48];
	const char *rf = rate_format(u);
	int len;

	len = snprintf(out, n, "%s: ", _(progress_phase_name(p->phase)));
	if (len < 0 || (size_t)len >= n)
		return;
	out += len;
	n -= (size_t)len;
	if (u == PROGRESS_TIME) {
		duration(elapsed, t, sizeof t);
		snprintf(out, n, _("идёт %s"), t);
		return;
	}
	if (elapsed >= 1.0 && done > 0)
		rate = (double)done / elapsed;
	if (u == PROGRESS_BYTES) {
		done /= mb;
		total = (total + mb - 1) / mb;
		rate /= (double)mb;
	}
	grouped(done, a, sizeof a);
	if (total > 0) {
		grouped(total, b, sizeof b);
		len = snprintf(out, n, u == PROGRESS_BYTES ? _("%s из %s МБ")
							  : _("%s из %s"),
			       a, b);
		if (len >= 0 && (size_t)len < n)
			len += snprintf(out + len, n - (size_t)len, " (%d %%)",
					(int)(p->total ? p->done * 100 /
						    p->total : 0));
	} else {
		len = snprintf(out, n, "%s", a);
	}
	if (len < 0 || (size_t)len >= n)
		return;
	out += len;
	n -= (size_t)len;
	if (rf && two_digits(rate) > 0) {
		grouped(two_digits(rate), a, sizeof a);
		snprintf(r, sizeof r, rf, a);
		len = snprintf(out, n, ", %s", r);
		if (len < 0 || (size_t)len >= n)
			return;
		out += len;
		n -= (size_t)len;
	}
	if (rf && p->total > 0 && rate > 0 && p->done < p->total) {
		double per = (double)p->done / elapsed;

		duration((double)(p->total - p->done) / per, t, sizeof t);
		snprintf(r, sizeof r, _("ещё %s"), t);
		snprintf(out, n, ", %s", r);
	}
}
