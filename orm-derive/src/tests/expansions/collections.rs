#[doc(hidden)]
#[allow(non_upper_case_globals, clippy::all)]
const _: () = {
    use ::orm_core::__private as __orm;
    use __orm::FieldKindDefault as _;
    #[automatically_derived]
    impl __orm::ModelNames for Contact {
        const JUNCTION_COLUMN: &'static str = "contact_id";
        fn __meta() -> &'static __orm::ModelMeta {
            &__ORM_META
        }
    }
    static __ORM_META: __orm::ModelMeta = __orm::ModelMeta {
        name: "Contact",
        table: "contact",
        columns: &[
            __orm::ColumnMeta {
                field: "id",
                column: "id",
                sql_type: <i64 as __orm::ColumnType>::SQL_TYPE,
                nullable: __orm::FieldKind::<i64>::NULLABLE,
                primary_key: true,
                auto: true,
                unique: false,
                indexed: false,
                default: ::core::option::Option::None,
                max_length: ::core::option::Option::None,
                read_only: false,
                default_on: __orm::DefaultOn::Never,
                foreign_key: ::core::option::Option::None,
                renamed_from: ::core::option::Option::None,
            },
        ],
        primary_key: 0usize,
        many_to_many: &[
            __orm::ManyToManyMeta {
                field: "phones",
                target: __orm::model_meta::<Phone>,
                junction: __orm::JunctionMeta::Auto {
                    table: "contact_phones",
                    source_column: "contact_id",
                    target_column: <Phone as __orm::ModelNames>::JUNCTION_COLUMN,
                },
                symmetrical: false,
                related_name: ::core::option::Option::None,
            },
            __orm::ManyToManyMeta {
                field: "contacts",
                target: __orm::model_meta::<Contact>,
                junction: __orm::JunctionMeta::Through {
                    model: <ContactRelationship as __orm::Model>::meta,
                    source_field: "from_contact",
                    target_field: "to_contact",
                },
                symmetrical: true,
                related_name: ::core::option::Option::Some("+"),
            },
            __orm::ManyToManyMeta {
                field: "tags",
                target: __orm::model_meta::<Tag>,
                junction: __orm::JunctionMeta::Auto {
                    table: "contact_tags",
                    source_column: "contact_id",
                    target_column: <Tag as __orm::ModelNames>::JUNCTION_COLUMN,
                },
                symmetrical: false,
                related_name: ::core::option::Option::None,
            },
        ],
        reverse: &[
            __orm::ReverseMeta {
                field: "notes",
                source: <Note as __orm::Model>::meta,
                source_field: "contact",
            },
        ],
        unique_together: &[],
        indexes: &[],
        checks: &[],
        ordering: &[],
        managed: true,
        translations: ::core::option::Option::None,
        renamed_from: ::core::option::Option::None,
    };
    #[automatically_derived]
    impl __orm::Model for Contact {
        const META: &'static __orm::ModelMeta = &__ORM_META;
        type Key = i64;
        fn key(&self) -> &Self::Key {
            &self.id
        }
        fn has_key(&self) -> bool {
            !<i64 as __orm::AutoKey>::is_unset(&self.id)
        }
        fn decode<__R: __orm::Row + ?::core::marker::Sized>(
            row: &__R,
            start: usize,
        ) -> __orm::Result<Self> {
            ::core::result::Result::Ok(Contact {
                id: <i64 as __orm::ColumnType>::__decode(
                    row,
                    start + 0usize,
                    &__ORM_META.columns[0usize],
                )?,
                phones: <ManyToMany<
                    Phone,
                > as __orm::Collection<Phone>>::unloaded("Contact.phones"),
                contacts: <ManyToMany<
                    Contact,
                > as __orm::Collection<Contact>>::unloaded("Contact.contacts"),
                tags: <M2m<Tag> as __orm::Collection<Tag>>::unloaded("Contact.tags"),
                notes: <Reverse<
                    Note,
                > as __orm::Collection<Note>>::unloaded("Contact.notes"),
            })
        }
        fn assign<__R: __orm::Row + ?::core::marker::Sized>(
            &mut self,
            row: &__R,
            start: usize,
        ) -> __orm::Result<()> {
            self.id = <i64 as __orm::ColumnType>::__decode(
                row,
                start + 0usize,
                &__ORM_META.columns[0usize],
            )?;
            ::core::result::Result::Ok(())
        }
        fn values(&self) -> ::std::vec::Vec<__orm::Value> {
            ::std::vec![< i64 as __orm::ColumnType > ::__param(& self.id)]
        }
        fn validate(&self) -> __orm::Result<()> {
            <i64 as __orm::ColumnType>::validate(&self.id, &__ORM_META.columns[0usize])?;
            let _ = &self.phones;
            let _ = &self.contacts;
            let _ = &self.tags;
            let _ = &self.notes;
            ::core::result::Result::Ok(())
        }
        fn __set_related(
            &mut self,
            column: usize,
            object: ::std::boxed::Box<dyn ::core::any::Any + ::core::marker::Send>,
        ) -> bool {
            #[allow(unused_variables)]
            let object = object;
            match column {
                _ => false,
            }
        }
        fn __set_translation(
            &mut self,
            column: usize,
            text: ::core::option::Option<::std::string::String>,
        ) -> bool {
            #[allow(unused_variables)]
            let text = text;
            match column {
                _ => false,
            }
        }
        fn __translation(
            &self,
            column: usize,
        ) -> __orm::Result<::core::option::Option<&str>> {
            match column {
                _ => {
                    ::core::result::Result::Err(
                        __orm::Error::invalid_input(
                            "this field is not a foreign key to a translated label",
                        ),
                    )
                }
            }
        }
        fn __decode_arrays<__R: __orm::Row + ?::core::marker::Sized>(
            row: &__R,
            start: usize,
        ) -> __orm::Result<::std::vec::Vec<Self>> {
            let __orm_len = __orm::array_len(row, start, &__ORM_META.columns[0])?;
            let __orm_c0: ::std::vec::Vec<i64> = <i64 as __orm::ColumnType>::__decode_array(
                row,
                start + 0usize,
                &__ORM_META.columns[0usize],
            )?;
            if __orm_c0.len() != __orm_len {
                return ::core::result::Result::Err(
                    __orm::ragged_arrays(&__ORM_META.columns[0usize]),
                );
            }
            let mut __orm_c0 = __orm_c0.into_iter();
            let mut out = ::std::vec::Vec::with_capacity(__orm_len);
            for _ in 0..__orm_len {
                out.push(Contact {
                    id: __orm::next_item(&mut __orm_c0, &__ORM_META.columns[0usize])?,
                    phones: <ManyToMany<
                        Phone,
                    > as __orm::Collection<Phone>>::unloaded("Contact.phones"),
                    contacts: <ManyToMany<
                        Contact,
                    > as __orm::Collection<Contact>>::unloaded("Contact.contacts"),
                    tags: <M2m<Tag> as __orm::Collection<Tag>>::unloaded("Contact.tags"),
                    notes: <Reverse<
                        Note,
                    > as __orm::Collection<Note>>::unloaded("Contact.notes"),
                });
            }
            ::core::result::Result::Ok(out)
        }
    }
    #[automatically_derived]
    impl Contact {
        ///The `id` column (`id`).
        pub const ID: __orm::Column<Contact, i64> = __orm::Column::__new(0usize);
        ///The `phones` many-to-many relation.
        pub const PHONES: __orm::ManyToManyField<Contact, Phone> = __orm::ManyToManyField::__new(
            0usize,
            |object: &mut Self, items: ::std::vec::Vec<Phone>| {
                <ManyToMany<
                    Phone,
                > as __orm::Collection<Phone>>::set_loaded(&mut object.phones, items)
            },
        );
        ///The `contacts` many-to-many relation.
        pub const CONTACTS: __orm::ManyToManyField<Contact, Contact> = __orm::ManyToManyField::__new(
            1usize,
            |object: &mut Self, items: ::std::vec::Vec<Contact>| {
                <ManyToMany<
                    Contact,
                > as __orm::Collection<Contact>>::set_loaded(&mut object.contacts, items)
            },
        );
        ///The `tags` many-to-many relation.
        pub const TAGS: __orm::ManyToManyField<Contact, Tag> = __orm::ManyToManyField::__new(
            2usize,
            |object: &mut Self, items: ::std::vec::Vec<Tag>| {
                <M2m<Tag> as __orm::Collection<Tag>>::set_loaded(&mut object.tags, items)
            },
        );
        ///The `notes` reverse foreign key collection.
        pub const NOTES: __orm::ReverseField<Contact, Note> = __orm::ReverseField::__new(
            0usize,
            |object: &mut Self, items: ::std::vec::Vec<Note>| {
                <Reverse<
                    Note,
                > as __orm::Collection<Note>>::set_loaded(&mut object.notes, items)
            },
        );
    }
};
