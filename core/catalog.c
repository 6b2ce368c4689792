/* SPDX-License-Identifier: MIT */
/* Service catalogue data (Government Decree No. 113 of 19.02.2014 and MVD
 * Order No. 103 of 21.02.2014). The texts of para. 10 of the Standards
 * (refusal grounds) were not found; the lists below are the office's
 * working list and are marked so in the README. */
#include "catalog.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define COMMON_GROUNDS                                                        \
	{"incomplete", "Представлен неполный пакет документов либо документы "\
		       "не соответствуют установленной форме",                \
	 "Құжаттардың толық емес топтамасы ұсынылды не құжаттар белгіленген " \
	 "нысанға сәйкес келмейді"},                                          \
	{"false-info", "Недостоверные сведения в представленных документах",  \
	 "Ұсынылған құжаттардағы мәліметтердің анық еместігі"},               \
	{"records-hit", "Положительный результат проверки по специальным "    \
			"учетам (запрет въезда, розыск)",                     \
	 "Арнайы есепке алу бойынша тексерудің оң нәтижесі (келуге тыйым "    \
	 "салу, іздестіру)"},                                                 \
	{"document-invalid", "Документ, удостоверяющий личность, или виза "   \
			     "недействительны либо пребывание в Республике "  \
			     "Казахстан незаконно",                           \
	 "Жеке басын куәландыратын құжат немесе виза жарамсыз не Қазақстан "  \
	 "Республикасында болу заңсыз"}

static const struct ground pass_grounds[] = {
	COMMON_GROUNDS,
	{"purpose-unconfirmed", "Цель въезда в пограничную зону не подтверждена",
	 "Шекаралық аймаққа кіру мақсаты расталмады"},
};

static const struct ground inv_grounds[] = {
	COMMON_GROUNDS,
	{"no-right-to-invite", "Приглашающая сторона не вправе приглашать (не зарегистрирована по указанному адресу)",
	 "Шақырушы тарап шақыруға құқылы емес (көрсетілген мекенжай бойынша тіркелмеген)"},
	{"invitee-violations", "Ранее приглашённые лица нарушили правила пребывания",
	 "Бұрын шақырылған адамдар болу қағидаларын бұзды"},
};

static const struct ground reg_grounds[] = {
	COMMON_GROUNDS,
	{"no-owner-consent", "Отсутствует согласие собственника жилья",
	 "Тұрғын үй меншік иесінің келісімі жоқ"},
	{"stay-breach", "Нарушение иностранцем порядка пребывания",
	 "Шетелдіктің болу тәртібін бұзуы"},
};

static const struct service services[] = {
	{"border-pass",
	 "Выдача пропуска на въезд в пограничную зону иностранцам и лицам без гражданства",
	 "Шетелдіктердің және азаматтығы жоқ адамдардың шекаралық аймаққа кіруіне рұқсаттама беру",
	 "Пропуск в пограничную зону", "Шекаралық аймаққа рұқсаттама",
	 "border-pass", "Журнал учета выдачи пропусков в пограничную зону",
	 "border-pass-person",
	 "Пропуск на въезд в пограничную зону", "пропуск выдан", pass_grounds,
	 N(pass_grounds), NULL},
	{"invitation",
	 "Оформление приглашений на въезд в Республику Казахстан по частным делам и с целью воссоединения семьи",
	 "Қазақстан Республикасына жеке істер бойынша және отбасын біріктіру мақсатында келуге шақыруларды ресімдеу",
	 "Приглашение (частные дела)", "Шақыру (жеке істер)", "invitation",
	 "Журнал учета оформления приглашений", "invitation",
	 "Приглашение установленного образца",
	 "приглашение оформлено", inv_grounds, N(inv_grounds), NULL},
	{"registration",
	 "Регистрация иностранцев и лиц без гражданства, временно пребывающих в Республике Казахстан",
	 "Қазақстан Республикасында уақытша болатын шетелдіктер мен азаматтығы жоқ адамдарды тіркеу",
	 "Регистрация иностранца", "Шетелдікті тіркеу", "registration",
	 "Журнал регистрации иностранцев и лиц без гражданства",
	 "registration",
	 "Отметка о регистрации в миграционной карточке", "зарегистрирован",
	 reg_grounds, N(reg_grounds),
	 "Электронный вкладыш к паспорту о регистрации, подписанный ЭЦП инспектора"},
};

const struct service *
catalog_all(size_t *count)
{
	*count = N(services);
	return services;
}

const struct service *
catalog_find(const char *code)
{
	size_t i;

	for (i = 0; code && i < N(services); i++)
		if (strcmp(services[i].code, code) == 0)
			return &services[i];
	return NULL;
}

const struct ground *
catalog_ground(const struct service *s, const char *code)
{
	size_t i;

	for (i = 0; s && code && i < s->ngrounds; i++)
		if (strcmp(s->grounds[i].code, code) == 0)
			return &s->grounds[i];
	return NULL;
}
