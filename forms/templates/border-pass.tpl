%# Пропуск на въезд в пограничную зону.
%# Номер пропуска — номер бланка (blank_no), который печатает ДП;
%# регистрационный номер — номер записи в журнале (journal_no).
%# Дата выдачи — день решения (decided_at); подписывает принявший
%# решение (signer_name, signer_position); повторная печать добавляет
%# свою дату (today).
%id border-pass
%version 2
%title Пропуск на въезд в пограничную зону
%lines 60

%body
%if reprint=yes
%right ПОВТОРНО, напечатано {today|date}
%end
%center {office_name}
%if region_name
%center {region_name}
%end

%center ПРОПУСК № {blank_no}
%center на въезд в пограничную зону Республики Казахстан

%cols 30 *
%row Фамилия, имя, отчество: | {surname|upper} {given_names|upper} {patronymic|upper}
%row Дата рождения: | {birth_date|date}
%row Гражданство: | {citizenship_ru} ({citizenship})
%row Документ, удостоверяющий личность: | {doc_type} № {doc_number}
%if destination
%row Разрешается въезд в: | {destination}
%else
%row Разрешается въезд в: | {address_stay}
%end
%row Цель въезда: | {purpose}
%row Срок действия: | с {period_from|date} по {period_to|date}
%row Дата выдачи: | {decided_at|date}
%row Регистрационный номер: | {journal_no}

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
%row Пропуск действителен при предъявлении документа, удостоверяющего личность. | Код проверки: {check_code}
%end
