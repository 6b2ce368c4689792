%# Приглашение.
%# Номер приглашения — номер записи в журнале (journal_no), дата — день
%# решения (decided_at); подписывает принявший решение (signer_name,
%# signer_position); повторная печать добавляет свою дату (today).
%id invitation
%version 2
%title Приглашение
%lines 60

%footer
%if pages>1
%rule
%cols * >24
%row Приглашение № {journal_no}, код {check_code} | Лист {page} из {pages}
%end

%body
%if reprint=yes
%right ПОВТОРНО, напечатано {today|date}
%end
%center {office_name}
%if office_address
%center {office_address}
%end

%center ПРИГЛАШЕНИЕ № {journal_no}
%center от {decided_at|date}

%cols 30 *
Приглашаемое лицо:
%row Фамилия, имя, отчество: | {surname|upper} {given_names|upper} {patronymic|upper}
%row Дата рождения: | {birth_date|date}
%row Гражданство: | {citizenship_ru} ({citizenship})
%row Документ: | {doc_type} № {doc_number}

Приглашающая сторона:
%row Фамилия, имя, отчество: | {host_name}
%if host_address
%row Адрес: | {host_address}
%end

%row Цель поездки: | {purpose}
%row Срок пребывания: | с {period_from|date} по {period_to|date}
%if entries
%row Кратность визы: | {entries}
%end
%if visa_place
%row Место получения визы: | {visa_place}
%end
%row Адрес пребывания в РК: | {address_stay}

%keep
%cols * 24
%if signer_unit
%row {signer_position}, {signer_unit} |
%else
%row {signer_position} |
%end
%row {signer_name} | ________________________
%cols * ^24
%row М. П. | (подпись)

%cols * >30
%row Регистрационный номер: {journal_no} | Код проверки: {check_code}
%end
