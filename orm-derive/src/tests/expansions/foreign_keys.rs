#[doc(hidden)]
#[allow(non_upper_case_globals, clippy::all)]
const _: () = {
    use ::orm_core::__private as __orm;
    use __orm::FieldKindDefault as _;
    const _: fn() = __orm::check_foreign_key::<ForeignKey<User>>;
    const _: () = if !(__orm::FieldKind::<Option<Fk<User>>>::IS_FOREIGN_KEY) {
        ::core::panic!(
            "`on_delete` applies to a foreign key, and the type of `editor` is not one (it does not implement `ForeignKeyType`)"
        )
    };
    const _: fn() = __orm::check_key::<
        __orm::Select<{ __orm::FieldKind::<Option<Fk<User>>>::IS_FOREIGN_KEY }>,
        Option<Fk<User>>,
    >;
    const _: () = if !(__orm::FieldKind::<CountryRef>::IS_FOREIGN_KEY) {
        ::core::panic!(
            "`to_field` applies to a foreign key, and the type of `country` is not one (it does not implement `ForeignKeyType`)"
        )
    };
    #[automatically_derived]
    impl __orm::ModelNames for Book {
        const JUNCTION_COLUMN: &'static str = "book_id";
        fn __meta() -> &'static __orm::ModelMeta {
            &__ORM_META
        }
    }
    static __ORM_META: __orm::ModelMeta = __orm::ModelMeta {
        name: "Book",
        table: "book",
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
            __orm::ColumnMeta {
                field: "title",
                column: "title",
                sql_type: <String as __orm::ColumnType>::SQL_TYPE,
                nullable: __orm::FieldKind::<String>::NULLABLE,
                primary_key: false,
                auto: false,
                unique: false,
                indexed: false,
                default: ::core::option::Option::None,
                max_length: ::core::option::Option::None,
                read_only: false,
                default_on: __orm::DefaultOn::Never,
                foreign_key: ::core::option::Option::None,
                renamed_from: ::core::option::Option::None,
            },
            __orm::ColumnMeta {
                field: "author",
                column: if __orm::FieldKind::<ForeignKey<User>>::IS_FOREIGN_KEY {
                    "author_id"
                } else {
                    "author"
                },
                sql_type: <ForeignKey<User> as __orm::ColumnType>::SQL_TYPE,
                nullable: __orm::FieldKind::<ForeignKey<User>>::NULLABLE,
                primary_key: false,
                auto: false,
                unique: false,
                indexed: false,
                default: ::core::option::Option::None,
                max_length: ::core::option::Option::None,
                read_only: false,
                default_on: __orm::DefaultOn::Never,
                foreign_key: match __orm::FieldKind::<ForeignKey<User>>::FOREIGN_KEY {
                    ::core::option::Option::Some(target) => {
                        ::core::option::Option::Some(__orm::ForeignKeyMeta {
                            target,
                            to_field: ::core::option::Option::None,
                            on_delete: __orm::OnDelete::Cascade,
                            related_name: ::core::option::Option::Some("books"),
                        })
                    }
                    ::core::option::Option::None => ::core::option::Option::None,
                },
                renamed_from: ::core::option::Option::None,
            },
            __orm::ColumnMeta {
                field: "editor",
                column: if __orm::FieldKind::<Option<Fk<User>>>::IS_FOREIGN_KEY {
                    "editor_id"
                } else {
                    "editor"
                },
                sql_type: <Option<Fk<User>> as __orm::ColumnType>::SQL_TYPE,
                nullable: __orm::FieldKind::<Option<Fk<User>>>::NULLABLE,
                primary_key: false,
                auto: false,
                unique: false,
                indexed: false,
                default: ::core::option::Option::None,
                max_length: ::core::option::Option::None,
                read_only: false,
                default_on: __orm::DefaultOn::Never,
                foreign_key: match __orm::FieldKind::<Option<Fk<User>>>::FOREIGN_KEY {
                    ::core::option::Option::Some(target) => {
                        ::core::option::Option::Some(__orm::ForeignKeyMeta {
                            target,
                            to_field: ::core::option::Option::None,
                            on_delete: __orm::OnDelete::SetNull,
                            related_name: ::core::option::Option::None,
                        })
                    }
                    ::core::option::Option::None => ::core::option::Option::None,
                },
                renamed_from: ::core::option::Option::None,
            },
            __orm::ColumnMeta {
                field: "country",
                column: if __orm::FieldKind::<CountryRef>::IS_FOREIGN_KEY {
                    "country_id"
                } else {
                    "country"
                },
                sql_type: <CountryRef as __orm::ColumnType>::SQL_TYPE,
                nullable: __orm::FieldKind::<CountryRef>::NULLABLE,
                primary_key: false,
                auto: false,
                unique: false,
                indexed: false,
                default: ::core::option::Option::None,
                max_length: ::core::option::Option::None,
                read_only: false,
                default_on: __orm::DefaultOn::Never,
                foreign_key: match __orm::FieldKind::<CountryRef>::FOREIGN_KEY {
                    ::core::option::Option::Some(target) => {
                        ::core::option::Option::Some(__orm::ForeignKeyMeta {
                            target,
                            to_field: ::core::option::Option::Some("code"),
                            on_delete: __orm::OnDelete::NoAction,
                            related_name: ::core::option::Option::None,
                        })
                    }
                    ::core::option::Option::None => ::core::option::Option::None,
                },
                renamed_from: ::core::option::Option::None,
            },
        ],
        primary_key: 0usize,
        many_to_many: &[],
        reverse: &[],
        unique_together: &[],
        indexes: &[&["author", "title"]],
        checks: &[],
        ordering: &[],
        managed: true,
        translations: ::core::option::Option::None,
        renamed_from: ::core::option::Option::None,
    };
    #[automatically_derived]
    impl __orm::Model for Book {
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
            ::core::result::Result::Ok(Book {
                id: <i64 as __orm::ColumnType>::__decode(
                    row,
                    start + 0usize,
                    &__ORM_META.columns[0usize],
                )?,
                title: <String as __orm::ColumnType>::__decode(
                    row,
                    start + 1usize,
                    &__ORM_META.columns[1usize],
                )?,
                author: <ForeignKey<
                    User,
                > as __orm::ColumnType>::__decode(
                    row,
                    start + 2usize,
                    &__ORM_META.columns[2usize],
                )?,
                editor: <Option<
                    Fk<User>,
                > as __orm::ColumnType>::__decode(
                    row,
                    start + 3usize,
                    &__ORM_META.columns[3usize],
                )?,
                country: <CountryRef as __orm::ColumnType>::__decode(
                    row,
                    start + 4usize,
                    &__ORM_META.columns[4usize],
                )?,
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
            self.title = <String as __orm::ColumnType>::__decode(
                row,
                start + 1usize,
                &__ORM_META.columns[1usize],
            )?;
            self.author = <ForeignKey<
                User,
            > as __orm::ColumnType>::__decode(
                row,
                start + 2usize,
                &__ORM_META.columns[2usize],
            )?;
            self.editor = <Option<
                Fk<User>,
            > as __orm::ColumnType>::__decode(
                row,
                start + 3usize,
                &__ORM_META.columns[3usize],
            )?;
            self.country = <CountryRef as __orm::ColumnType>::__decode(
                row,
                start + 4usize,
                &__ORM_META.columns[4usize],
            )?;
            ::core::result::Result::Ok(())
        }
        fn values(&self) -> ::std::vec::Vec<__orm::Value> {
            ::std::vec![
                < i64 as __orm::ColumnType > ::__param(& self.id), < String as
                __orm::ColumnType > ::__param(& self.title), < ForeignKey < User > as
                __orm::ColumnType > ::__param(& self.author), < Option < Fk < User > > as
                __orm::ColumnType > ::__param(& self.editor), < CountryRef as
                __orm::ColumnType > ::__param(& self.country)
            ]
        }
        fn validate(&self) -> __orm::Result<()> {
            <i64 as __orm::ColumnType>::validate(&self.id, &__ORM_META.columns[0usize])?;
            <String as __orm::ColumnType>::validate(
                &self.title,
                &__ORM_META.columns[1usize],
            )?;
            <ForeignKey<
                User,
            > as __orm::ColumnType>::validate(
                &self.author,
                &__ORM_META.columns[2usize],
            )?;
            <Option<
                Fk<User>,
            > as __orm::ColumnType>::validate(
                &self.editor,
                &__ORM_META.columns[3usize],
            )?;
            <CountryRef as __orm::ColumnType>::validate(
                &self.country,
                &__ORM_META.columns[4usize],
            )?;
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
                2usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<ForeignKey<User>>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<
                        ForeignKey<User>,
                    >>::set_related(&mut self.author, object)
                }
                3usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<Option<Fk<User>>>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<
                        Option<Fk<User>>,
                    >>::set_related(&mut self.editor, object)
                }
                4usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<CountryRef>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<
                        CountryRef,
                    >>::set_related(&mut self.country, object)
                }
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
                2usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<ForeignKey<User>>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<
                        ForeignKey<User>,
                    >>::set_translation(&mut self.author, text)
                }
                3usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<Option<Fk<User>>>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<
                        Option<Fk<User>>,
                    >>::set_translation(&mut self.editor, text)
                }
                4usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<CountryRef>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<
                        CountryRef,
                    >>::set_translation(&mut self.country, text)
                }
                _ => false,
            }
        }
        fn __translation(
            &self,
            column: usize,
        ) -> __orm::Result<::core::option::Option<&str>> {
            match column {
                2usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<ForeignKey<User>>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<ForeignKey<User>>>::translation(&self.author)
                }
                3usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<Option<Fk<User>>>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<Option<Fk<User>>>>::translation(&self.editor)
                }
                4usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<CountryRef>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<CountryRef>>::translation(&self.country)
                }
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
            let __orm_c1: ::std::vec::Vec<String> = <String as __orm::ColumnType>::__decode_array(
                row,
                start + 1usize,
                &__ORM_META.columns[1usize],
            )?;
            if __orm_c1.len() != __orm_len {
                return ::core::result::Result::Err(
                    __orm::ragged_arrays(&__ORM_META.columns[1usize]),
                );
            }
            let mut __orm_c1 = __orm_c1.into_iter();
            let __orm_c2: ::std::vec::Vec<ForeignKey<User>> = <ForeignKey<
                User,
            > as __orm::ColumnType>::__decode_array(
                row,
                start + 2usize,
                &__ORM_META.columns[2usize],
            )?;
            if __orm_c2.len() != __orm_len {
                return ::core::result::Result::Err(
                    __orm::ragged_arrays(&__ORM_META.columns[2usize]),
                );
            }
            let mut __orm_c2 = __orm_c2.into_iter();
            let __orm_c3: ::std::vec::Vec<Option<Fk<User>>> = <Option<
                Fk<User>,
            > as __orm::ColumnType>::__decode_array(
                row,
                start + 3usize,
                &__ORM_META.columns[3usize],
            )?;
            if __orm_c3.len() != __orm_len {
                return ::core::result::Result::Err(
                    __orm::ragged_arrays(&__ORM_META.columns[3usize]),
                );
            }
            let mut __orm_c3 = __orm_c3.into_iter();
            let __orm_c4: ::std::vec::Vec<CountryRef> = <CountryRef as __orm::ColumnType>::__decode_array(
                row,
                start + 4usize,
                &__ORM_META.columns[4usize],
            )?;
            if __orm_c4.len() != __orm_len {
                return ::core::result::Result::Err(
                    __orm::ragged_arrays(&__ORM_META.columns[4usize]),
                );
            }
            let mut __orm_c4 = __orm_c4.into_iter();
            let mut out = ::std::vec::Vec::with_capacity(__orm_len);
            for _ in 0..__orm_len {
                out.push(Book {
                    id: __orm::next_item(&mut __orm_c0, &__ORM_META.columns[0usize])?,
                    title: __orm::next_item(&mut __orm_c1, &__ORM_META.columns[1usize])?,
                    author: __orm::next_item(
                        &mut __orm_c2,
                        &__ORM_META.columns[2usize],
                    )?,
                    editor: __orm::next_item(
                        &mut __orm_c3,
                        &__ORM_META.columns[3usize],
                    )?,
                    country: __orm::next_item(
                        &mut __orm_c4,
                        &__ORM_META.columns[4usize],
                    )?,
                });
            }
            ::core::result::Result::Ok(out)
        }
    }
    #[automatically_derived]
    impl Book {
        ///The `id` column (`id`).
        pub const ID: __orm::Column<Book, i64> = __orm::Column::__new(0usize);
        ///The `title` column (`title`).
        pub const TITLE: __orm::Column<Book, String> = __orm::Column::__new(1usize);
        ///The `author` field's column.
        pub const AUTHOR: <__orm::Select<
            { __orm::FieldKind::<ForeignKey<User>>::IS_FOREIGN_KEY },
        > as __orm::ColumnHandle<
            Book,
            ForeignKey<User>,
            ForeignKey<User>,
            2usize,
        >>::Handle = <__orm::Select<
            { __orm::FieldKind::<ForeignKey<User>>::IS_FOREIGN_KEY },
        > as __orm::ColumnHandle<
            Book,
            ForeignKey<User>,
            ForeignKey<User>,
            2usize,
        >>::HANDLE;
        ///The `editor` field's column.
        pub const EDITOR: <__orm::Select<
            { __orm::FieldKind::<Option<Fk<User>>>::IS_FOREIGN_KEY },
        > as __orm::ColumnHandle<Book, Option<Fk<User>>, Fk<User>, 3usize>>::Handle = <__orm::Select<
            { __orm::FieldKind::<Option<Fk<User>>>::IS_FOREIGN_KEY },
        > as __orm::ColumnHandle<Book, Option<Fk<User>>, Fk<User>, 3usize>>::HANDLE;
        ///The `country` field's column.
        pub const COUNTRY: <__orm::Select<
            { __orm::FieldKind::<CountryRef>::IS_FOREIGN_KEY },
        > as __orm::ColumnHandle<Book, CountryRef, CountryRef, 4usize>>::Handle = <__orm::Select<
            { __orm::FieldKind::<CountryRef>::IS_FOREIGN_KEY },
        > as __orm::ColumnHandle<Book, CountryRef, CountryRef, 4usize>>::HANDLE;
    }
};
