::core::compile_error! {
    "unknown orm attribute `primary_kye` (did you mean `primary_key`?); expected one of: primary_key, auto, column, unique, index, default, max_length, db_type, skip, read_only, auto_now_add, auto_now, db_default, to_field, on_delete, related_name, db_table, through, source, target, symmetrical, via, many_to_many, renamed_from"
}
#[doc(hidden)]
#[allow(unused_variables, unreachable_code, clippy::all)]
const _: () = {
    use ::orm_core::__private as __orm;
    static __ORM_META: __orm::ModelMeta = __orm::ModelMeta {
        name: "Broken",
        table: "Broken",
        columns: &[],
        primary_key: 0,
        many_to_many: &[],
        reverse: &[],
        unique_together: &[],
        indexes: &[],
        checks: &[],
        ordering: &[],
        managed: false,
        translations: ::core::option::Option::None,
        renamed_from: ::core::option::Option::None,
    };
    #[automatically_derived]
    impl __orm::ModelNames for Broken {
        const JUNCTION_COLUMN: &'static str = "Broken";
        fn __meta() -> &'static __orm::ModelMeta {
            &__ORM_META
        }
    }
    #[automatically_derived]
    impl __orm::Model for Broken {
        const META: &'static __orm::ModelMeta = &__ORM_META;
        type Key = i64;
        fn key(&self) -> &Self::Key {
            ::core::unreachable!()
        }
        fn has_key(&self) -> bool {
            false
        }
        fn decode<__R: __orm::Row + ?::core::marker::Sized>(
            row: &__R,
            start: usize,
        ) -> __orm::Result<Self> {
            ::core::unreachable!()
        }
        fn assign<__R: __orm::Row + ?::core::marker::Sized>(
            &mut self,
            row: &__R,
            start: usize,
        ) -> __orm::Result<()> {
            ::core::unreachable!()
        }
        fn values(&self) -> ::std::vec::Vec<__orm::Value> {
            ::std::vec::Vec::new()
        }
        fn validate(&self) -> __orm::Result<()> {
            ::core::unreachable!()
        }
        fn __set_related(
            &mut self,
            column: usize,
            object: ::std::boxed::Box<dyn ::core::any::Any + ::core::marker::Send>,
        ) -> bool {
            false
        }
        fn __set_translation(
            &mut self,
            column: usize,
            text: ::core::option::Option<::std::string::String>,
        ) -> bool {
            false
        }
        fn __translation(
            &self,
            column: usize,
        ) -> __orm::Result<::core::option::Option<&str>> {
            ::core::unreachable!()
        }
        fn __decode_arrays<__R: __orm::Row + ?::core::marker::Sized>(
            row: &__R,
            start: usize,
        ) -> __orm::Result<::std::vec::Vec<Self>> {
            ::core::unreachable!()
        }
    }
};
