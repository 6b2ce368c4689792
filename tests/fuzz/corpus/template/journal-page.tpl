%# Лист бумажного журнала. Строки журнала — список rows
%# (объекты; ключи в README.md). Номер листа в прошнурованном журнале —
%# {sheet} = номер листа распечатки + sheet_offset из данных.
%# 132 колонки: все 17 граф, запись занимает две строки таблицы;
%# 80 колонок: сжатый вид, графы сведены в пять колонок.
%id journal-page
%version 2
%title Лист журнала регистрации
%lines 60

%header
%cols * >12
%row {office_name} | Лист {sheet}
%center {journal_title}
%if width>=132
%cols | 9 | 10 | 20 | 14 | 12 | * | 13 | 10 | 11 | 11 |
%rule =
%row 1. № | 2. Дата, время приема | 3. Ф.И.О. | 6. Документ, срок действия | 8. Цель визита | 10. Адрес пребывания | 12. Срок регистрации | 13. Спец- учеты | 15. Инспектор | 17. Приме- чание
%rule -
%row | | 4. Дата рождения, 5. гражданство | 7. Виза, миграц. карточка | 9. Въезд, пункт пропуска | 11. Принимающая сторона | | 14. ЕИС «Беркут» | 16. Заявитель |
%rule =
%else
%cols | 9 | 10 | * | 11 | 12 |
%rule =
%row № п/п | Дата, время приема | Иностранец: Ф.И.О., дата рождения, гражданство, документ; адрес пребывания; принимающая сторона | Срок регистрации | Инспектор, отметки
%rule =
%end

%footer
%cols * >30
%row Код проверки: {check_code} | Лист {page} из {pages}

%body
%each rows
%keep
%if width>=132
%row {no} | {accepted_at|date} {accepted_at|time} | {surname|upper} {given_names|upper} {patronymic|upper} | {doc_type} {doc_number}, до {doc_valid_to|date} | {purpose} | {address_stay} | с {period_from|date} | {check_result} | {inspector_name} | {note}
%row | | {birth_date|date}, {citizenship} | {visa} | {entry_date|date}, {entry_point} | {host_name} | по {period_to|date} | {berkut_mark} | {issue_mark} |
%else
%row {no} | {accepted_at|date} {accepted_at|time} | {surname|upper} {given_names|upper} {patronymic|upper}, {birth_date|date}, {citizenship}, {doc_type} {doc_number}; {address_stay}; {host_name} | с {period_from|date} по {period_to|date} | {inspector_name}; {check_result}; {berkut_mark}
%if issue_mark
%row | | Выдача: {issue_mark} | |
%end
%if note
%row | | Примечание: {note} | |
%end
%end
%rule
%end
%end
%if certificate
%keep
%blank
{certificate}
%blank
Подпись ____________________            М.П.
%end
%end
