%# Уведомление о возврате документов при приёме: каких документов не
%# хватает (missing_list), номер уведомления (return_no, свой счёт
%# подразделения за год) и кто вернул. Печатается в двух экземплярах,
%# как расписка: заявителю и в дело.
%id return-notice
%version 2
%title Уведомление о возврате документов
%lines 60

%footer
%if pages>1
%rule
%cols * >24
%row Уведомление № {return_no} | Лист {page} из {pages}
%end

%body
%if reprint=yes
%right ПОВТОРНО, напечатано {today|date}
%end
%center {office_name}
%if office_address
%center {office_address}
%end

%center УВЕДОМЛЕНИЕ № {return_no}
%center о возврате документов
%if copy
%center ({copy})
%end

%cols 26 *
%row Дата возврата: | {returned_at|date} {returned_at|time}
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

    Документы возвращены заявителю без приёма, так как не представлены:
%cols >4 *
%each missing_list
%row {#}. | {.}
%end

    После представления недостающих документов заявление может быть подано повторно.

%keep
%cols * 24
%row Документы вернул: |
%row {inspector_position} {inspector_name} | ________________________
%cols * ^24
%row | (подпись)

%cols * 24
%row Документы получил: |
%row {applicant_name} | ________________________
%cols * ^24
%row | (подпись заявителя)
%end
