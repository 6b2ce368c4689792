%# Расписка в приеме документов.
%# Печатается в двух экземплярах: заявителю и в дело; экземпляр называет
%# ключ copy. Номер расписки — номер записи в журнале с отметкой книги
%# (receipt_no: РГ-1/2026, ПГ-1/2026, ПЗ-1/2026), чтобы номера книг не совпадали.
%# Заявитель — тот, кто подал заявление (applicant_name, по правилам
%# forms/rules): приглашающая сторона, принимающая сторона или сам иностранец.
%id receipt
%version 3
%title Расписка в приеме документов
%lines 60

%footer
%if pages>1
%rule
%cols * >24
%row Расписка № {receipt_no}, код {check_code} | Лист {page} из {pages}
%end

%body
%if reprint=yes
%right ПОВТОРНО, напечатано {today|date}
%end
%center {office_name}
%if office_address
%center {office_address}
%end

%center РАСПИСКА № {receipt_no}
%center в приеме документов
%if copy
%center ({copy})
%end

%cols 26 *
%row Дата и время приема: | {accepted_at|date} {accepted_at|time}
%row Государственная услуга: | {service_name_ru}
%row Заявитель: | {applicant_name}
%row Иностранец: | {surname|upper} {given_names|upper} {patronymic|upper}
%if birth_date
%row Дата рождения: | {birth_date|date}
%end
%if citizenship_ru
%row Гражданство: | {citizenship_ru}
%end
%if doc_number
%row Документ: | {doc_type} {doc_number}
%end

Приняты документы:
%cols >4 *
%each documents
%row {#}. | {.}
%end
%if !documents
%row | (перечень не заполнен)
%end

%cols 26 *
%row Результат будет готов: | {due_date|date}
%if due_provisional
%row | срок предварительный: производственный календарь на этот год еще не утвержден
%end
%row Номер для справок: | {receipt_no}

%keep
%cols * 24
%row Документы принял: |
%row {inspector_position} {inspector_name} | ________________________
%cols * ^24
%row | (подпись)

%cols * 24
%row Документы сдал: |
%row {applicant_name} | ________________________
%cols * ^24
%row | (подпись заявителя)

%cols * >30
%row Расписка выдана: {decided_at|date} | Код проверки: {check_code}
%end
