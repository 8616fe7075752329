#[doc(hidden)]
#[allow(non_upper_case_globals, clippy::all)]
const _: () = {
    use ::orm_core::__private as __orm;
    use __orm::FieldKindDefault as _;
    const _: fn() = __orm::check_key::<
        __orm::Select<{ __orm::FieldKind::<std::net::IpAddr>::IS_FOREIGN_KEY }>,
        std::net::IpAddr,
    >;
    #[automatically_derived]
    impl __orm::ModelNames for Phone {
        const JUNCTION_COLUMN: &'static str = "phone_id";
        fn __meta() -> &'static __orm::ModelMeta {
            &__ORM_META
        }
    }
    static __ORM_META: __orm::ModelMeta = __orm::ModelMeta {
        name: "Phone",
        table: "crm_phone",
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
                field: "number",
                column: "number",
                sql_type: "varchar(32)",
                nullable: __orm::FieldKind::<String>::NULLABLE,
                primary_key: false,
                auto: false,
                unique: true,
                indexed: false,
                default: ::core::option::Option::None,
                max_length: ::core::option::Option::Some(32u32),
                read_only: false,
                default_on: __orm::DefaultOn::Never,
                foreign_key: ::core::option::Option::None,
                renamed_from: ::core::option::Option::None,
            },
            __orm::ColumnMeta {
                field: "note",
                column: "note",
                sql_type: <Option<String> as __orm::ColumnType>::SQL_TYPE,
                nullable: __orm::FieldKind::<Option<String>>::NULLABLE,
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
                field: "address",
                column: if __orm::FieldKind::<std::net::IpAddr>::IS_FOREIGN_KEY {
                    "address_id"
                } else {
                    "address"
                },
                sql_type: "inet",
                nullable: __orm::FieldKind::<std::net::IpAddr>::NULLABLE,
                primary_key: false,
                auto: false,
                unique: false,
                indexed: false,
                default: ::core::option::Option::Some("'127.0.0.1'"),
                max_length: ::core::option::Option::None,
                read_only: true,
                default_on: __orm::DefaultOn::Never,
                foreign_key: match __orm::FieldKind::<std::net::IpAddr>::FOREIGN_KEY {
                    ::core::option::Option::Some(target) => {
                        ::core::option::Option::Some(__orm::ForeignKeyMeta {
                            target,
                            to_field: ::core::option::Option::None,
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
        indexes: &[],
        checks: &[
            __orm::CheckMeta {
                name: "number_not_empty",
                sql: "number <> ''",
            },
        ],
        ordering: &[
            __orm::OrderingMeta {
                field: "number",
                descending: true,
            },
        ],
        managed: true,
        translations: ::core::option::Option::None,
        renamed_from: ::core::option::Option::None,
    };
    #[automatically_derived]
    impl __orm::Model for Phone {
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
            ::core::result::Result::Ok(Phone {
                id: <i64 as __orm::ColumnType>::__decode(
                    row,
                    start + 0usize,
                    &__ORM_META.columns[0usize],
                )?,
                number: <String as __orm::ColumnType>::__decode(
                    row,
                    start + 1usize,
                    &__ORM_META.columns[1usize],
                )?,
                note: <Option<
                    String,
                > as __orm::ColumnType>::__decode(
                    row,
                    start + 2usize,
                    &__ORM_META.columns[2usize],
                )?,
                address: <std::net::IpAddr as __orm::DbTypeValue>::decode_db(
                    row,
                    start + 3usize,
                    &__ORM_META.columns[3usize],
                )?,
                cache: <Vec<u8> as ::core::default::Default>::default(),
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
            self.number = <String as __orm::ColumnType>::__decode(
                row,
                start + 1usize,
                &__ORM_META.columns[1usize],
            )?;
            self.note = <Option<
                String,
            > as __orm::ColumnType>::__decode(
                row,
                start + 2usize,
                &__ORM_META.columns[2usize],
            )?;
            self.address = <std::net::IpAddr as __orm::DbTypeValue>::decode_db(
                row,
                start + 3usize,
                &__ORM_META.columns[3usize],
            )?;
            ::core::result::Result::Ok(())
        }
        fn values(&self) -> ::std::vec::Vec<__orm::Value> {
            ::std::vec![
                < i64 as __orm::ColumnType > ::__param(& self.id), < String as
                __orm::ColumnType > ::__param(& self.number), < Option < String > as
                __orm::ColumnType > ::__param(& self.note), < std::net::IpAddr as
                __orm::DbTypeValue > ::param_db(& self.address)
            ]
        }
        fn validate(&self) -> __orm::Result<()> {
            <i64 as __orm::ColumnType>::validate(&self.id, &__ORM_META.columns[0usize])?;
            <String as __orm::ColumnType>::validate(
                &self.number,
                &__ORM_META.columns[1usize],
            )?;
            <Option<
                String,
            > as __orm::ColumnType>::validate(&self.note, &__ORM_META.columns[2usize])?;
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
                3usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<std::net::IpAddr>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<
                        std::net::IpAddr,
                    >>::set_related(&mut self.address, object)
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
                3usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<std::net::IpAddr>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<
                        std::net::IpAddr,
                    >>::set_translation(&mut self.address, text)
                }
                _ => false,
            }
        }
        fn __translation(
            &self,
            column: usize,
        ) -> __orm::Result<::core::option::Option<&str>> {
            match column {
                3usize => {
                    <__orm::Select<
                        { __orm::FieldKind::<std::net::IpAddr>::IS_FOREIGN_KEY },
                    > as __orm::ColumnSlot<std::net::IpAddr>>::translation(&self.address)
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
            let __orm_c2: ::std::vec::Vec<Option<String>> = <Option<
                String,
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
            let __orm_c3: ::std::vec::Vec<std::net::IpAddr> = <std::net::IpAddr as __orm::DbTypeValue>::decode_db_array(
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
            let mut out = ::std::vec::Vec::with_capacity(__orm_len);
            for _ in 0..__orm_len {
                out.push(Phone {
                    id: __orm::next_item(&mut __orm_c0, &__ORM_META.columns[0usize])?,
                    number: __orm::next_item(
                        &mut __orm_c1,
                        &__ORM_META.columns[1usize],
                    )?,
                    note: __orm::next_item(&mut __orm_c2, &__ORM_META.columns[2usize])?,
                    address: __orm::next_item(
                        &mut __orm_c3,
                        &__ORM_META.columns[3usize],
                    )?,
                    cache: <Vec<u8> as ::core::default::Default>::default(),
                });
            }
            ::core::result::Result::Ok(out)
        }
    }
    #[automatically_derived]
    impl Phone {
        ///The `id` column (`id`).
        pub const ID: __orm::Column<Phone, i64> = __orm::Column::__new(0usize);
        ///The `number` column (`number`).
        pub const NUMBER: __orm::Column<Phone, String> = __orm::Column::__new(1usize);
        ///The `note` column (`note`).
        pub const NOTE: __orm::Column<Phone, String> = __orm::Column::__new(2usize);
        ///The `address` field's column.
        pub const ADDRESS: <__orm::Select<
            { __orm::FieldKind::<std::net::IpAddr>::IS_FOREIGN_KEY },
        > as __orm::ColumnHandle<
            Phone,
            std::net::IpAddr,
            std::net::IpAddr,
            3usize,
        >>::Handle = <__orm::Select<
            { __orm::FieldKind::<std::net::IpAddr>::IS_FOREIGN_KEY },
        > as __orm::ColumnHandle<
            Phone,
            std::net::IpAddr,
            std::net::IpAddr,
            3usize,
        >>::HANDLE;
    }
};
