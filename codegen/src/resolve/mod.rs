//! Stage 2: syntax trees to the resolved model.
//!
//! Resolution runs in two passes. The first indexes every declaration, follows imports and
//! resolves each declaration on its own (names, attributes, types, constraints). The second
//! checks what needs the whole set: defaults against the types they name, map keys through
//! aliases, unions against their members, and recursion. Every problem becomes a diagnostic;
//! none stops the run, so `seam check` reports them all at once.

mod attributes;
mod checks;
mod types;
mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::ast::{self, DeclarationBody, Span, Spanned};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::*;
use crate::source::{resolve_import_path, FileId, SourceMap};

use attributes::{check_attributes, Target};

/// A file after parsing: its syntax tree, or `None` when it had a syntax error.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub id: FileId,
    pub ast: Option<ast::File>,
}

/// The result of resolution: the model and every diagnostic found. The model is complete only
/// when there are no errors.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub model: ContractSet,
    pub diagnostics: Diagnostics,
}

/// Resolves a set of parsed files into one model.
pub fn resolve(sources: &SourceMap, files: &[ParsedFile]) -> Resolved {
    let mut resolver = Resolver::new(sources, files);
    resolver.index_imports();
    resolver.check_import_cycles();
    resolver.index_declarations();
    resolver.resolve_declarations();
    checks::check_set(&mut resolver);
    resolver.report_unused_imports();
    let model = resolver.build_model();
    let mut diagnostics = Diagnostics::default();
    for diagnostic in resolver.diagnostics {
        diagnostics.push(diagnostic);
    }
    Resolved { model, diagnostics }
}

/// A declaration and the file it is in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DeclRef<'a> {
    pub file: FileId,
    pub decl: &'a ast::Declaration,
}

pub(crate) struct Resolver<'a> {
    pub sources: &'a SourceMap,
    /// Files that parsed, by id.
    pub files: BTreeMap<FileId, &'a ast::File>,
    /// Files with a syntax error: what they declare is unknown, so names that might live there
    /// are not reported as unknown.
    pub broken: BTreeSet<FileId>,
    /// Every loaded file by its normalised path.
    pub paths: BTreeMap<PathBuf, FileId>,
    /// The files each file imports (resolved), with the import's span.
    pub imports: BTreeMap<FileId, Vec<(FileId, Span)>>,
    /// Files with a type name that did not resolve: one of their imports may have been meant
    /// for it, so none is reported as unused.
    pub unresolved_in: BTreeSet<FileId>,
    /// Files with an import that names no readable file.
    pub missing_imports: BTreeSet<FileId>,
    /// Imports that made at least one name visible that was used.
    pub used_imports: BTreeSet<(FileId, FileId)>,
    /// The first declaration of each qualified name.
    pub decls: BTreeMap<QualifiedName, DeclRef<'a>>,
    /// Resolved declarations.
    pub types: BTreeMap<QualifiedName, TypeDef>,
    /// Fields whose type did not resolve: later checks skip them.
    pub poisoned_fields: BTreeSet<(QualifiedName, usize)>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Resolver<'a> {
    fn new(sources: &'a SourceMap, parsed: &'a [ParsedFile]) -> Self {
        let mut files = BTreeMap::new();
        let mut broken = BTreeSet::new();
        let mut paths = BTreeMap::new();
        for file in parsed {
            paths.insert(sources.get(file.id).path.clone(), file.id);
            match &file.ast {
                Some(ast) => {
                    files.insert(file.id, ast);
                }
                None => {
                    broken.insert(file.id);
                }
            }
        }
        Resolver {
            sources,
            files,
            broken,
            paths,
            imports: BTreeMap::new(),
            missing_imports: BTreeSet::new(),
            unresolved_in: BTreeSet::new(),
            used_imports: BTreeSet::new(),
            decls: BTreeMap::new(),
            types: BTreeMap::new(),
            poisoned_fields: BTreeSet::new(),
            diagnostics: Vec::new(),
        }
    }

    pub fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The path of a file as the user sees it, with `/` separators on every platform.
    pub fn display_path(&self, file: FileId) -> String {
        self.sources
            .get(file)
            .path
            .to_string_lossy()
            .replace('\\', "/")
    }

    pub fn origin(&self, file: FileId, span: Span) -> Origin {
        let (line, column) = self.sources.get(file).line_col(span.start);
        Origin {
            file: self.display_path(file),
            line,
            column,
        }
    }

    fn index_imports(&mut self) {
        let files: Vec<(FileId, &'a ast::File)> =
            self.files.iter().map(|(k, v)| (*k, *v)).collect();
        for (file, ast) in files {
            let mut resolved: Vec<(FileId, Span)> = Vec::new();
            for import in &ast.imports {
                let importer = &self.sources.get(file).path;
                let path = resolve_import_path(importer, &import.path.value);
                match self.paths.get(&path).copied() {
                    Some(target) if target == file => {
                        self.error(
                            Diagnostic::new(
                                Code::ImportCycle,
                                "a file cannot import itself",
                                file,
                                import.path.span,
                            )
                            .label("this file")
                            .help("remove the import"),
                        );
                    }
                    Some(target) => {
                        if let Some((_, first)) = resolved.iter().find(|(t, _)| *t == target) {
                            let first = *first;
                            self.error(
                                Diagnostic::new(
                                    Code::UnusedImport,
                                    format!("`{}` is imported twice", import.path.value),
                                    file,
                                    import.path.span,
                                )
                                .label("imported again here")
                                .with_secondary(file, first, "first imported here")
                                .help("remove one of the imports"),
                            );
                        } else {
                            resolved.push((target, import.path.span));
                        }
                    }
                    None => {
                        self.missing_imports.insert(file);
                        let shown = path.to_string_lossy().replace('\\', "/");
                        // A loaded file with the same name (or the name plus `.ir`) is most
                        // likely the one meant.
                        let wanted_name = path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let importer = self.sources.get(file).path.clone();
                        let candidates: Vec<String> = self
                            .paths
                            .keys()
                            .filter(|p| {
                                p.file_name().is_some_and(|n| {
                                    let n = n.to_string_lossy();
                                    n == wanted_name || n == format!("{wanted_name}.ir")
                                })
                            })
                            .filter(|p| **p != importer)
                            .map(|p| relative_import(&importer, p))
                            .collect();
                        let help = match candidates.as_slice() {
                            [one] => format!("did you mean `import \"{one}\";`? import paths are relative to the importing file"),
                            _ => "import paths are relative to the importing file".to_string(),
                        };
                        self.error(
                            Diagnostic::new(
                                Code::ImportNotFound,
                                format!("cannot find imported file `{}`", import.path.value),
                                file,
                                import.path.span,
                            )
                            .label(format!("looked for `{shown}`"))
                            .help(help),
                        );
                    }
                }
            }
            self.imports.insert(file, resolved);
        }
    }

    /// Reports each import cycle once, at the import that closes it in the file whose path sorts
    /// first, so the report does not depend on the order files were read in.
    fn check_import_cycles(&mut self) {
        let mut reported: BTreeSet<Vec<FileId>> = BTreeSet::new();
        let mut files: Vec<FileId> = self.imports.keys().copied().collect();
        files.sort_by_key(|f| self.sources.get(*f).path.clone());
        for &start in &files {
            // Depth-first search for a path from `start` back to itself.
            let mut stack: Vec<(FileId, usize)> = vec![(start, 0)];
            let mut on_path: Vec<FileId> = vec![start];
            let mut visited: BTreeSet<FileId> = BTreeSet::new();
            while let Some((file, next)) = stack.pop() {
                let targets = self.imports.get(&file).cloned().unwrap_or_default();
                if next >= targets.len() {
                    on_path.pop();
                    continue;
                }
                stack.push((file, next + 1));
                let (target, _) = targets[next];
                if target == start && on_path.len() > 1 {
                    let mut cycle = on_path.clone();
                    cycle.sort();
                    if reported.insert(cycle) {
                        let start_path = self.sources.get(start).path.clone();
                        let shown = |f: FileId| {
                            format!(
                                "`{}`",
                                relative_import(&start_path, &self.sources.get(f).path)
                            )
                        };
                        let mut names: Vec<String> = on_path.iter().map(|f| shown(*f)).collect();
                        names.push(shown(start));
                        let chain = format!(
                            "{} imports {}",
                            names[0],
                            names[1..].join(", which imports ")
                        );
                        let import_span = |from: FileId, to: FileId| {
                            self.imports[&from]
                                .iter()
                                .find(|(t, _)| *t == to)
                                .map(|(_, span)| *span)
                                .unwrap_or_default()
                        };
                        let mut d = Diagnostic::new(Code::ImportCycle, format!("import cycle: {chain}"), start, import_span(start, on_path[1]))
                            .label("this import starts a cycle")
                            .help(if on_path.len() == 2 {
                                "files cannot import each other: move the declarations both need into a third file that both import"
                            } else {
                                "imports cannot form a cycle: move the declarations the files need from each other into a file they all import"
                            });
                        for (i, file) in on_path.iter().enumerate().skip(1) {
                            let next = on_path.get(i + 1).copied().unwrap_or(start);
                            d = d.with_secondary(
                                *file,
                                import_span(*file, next),
                                "continues the cycle",
                            );
                        }
                        self.error(d);
                    }
                    continue;
                }
                if visited.insert(target) && !on_path.contains(&target) {
                    on_path.push(target);
                    stack.push((target, 0));
                }
            }
        }
    }

    fn index_declarations(&mut self) {
        let mut files: Vec<(FileId, &'a ast::File)> =
            self.files.iter().map(|(k, v)| (*k, *v)).collect();
        files.sort_by_key(|(f, _)| self.sources.get(*f).path.clone());
        for (file, ast) in files {
            for decl in &ast.declarations {
                let name = QualifiedName::new(&ast.package.value, &decl.name.value);
                if let Some(first) = self.decls.get(&name).copied() {
                    self.error(
                        Diagnostic::new(
                            Code::DuplicateDeclaration,
                            format!(
                                "`{}` is declared more than once in package `{}`",
                                decl.name.value, name.package
                            ),
                            file,
                            decl.name.span,
                        )
                        .label("declared again here")
                        .with_secondary(first.file, first.decl.name.span, "first declared here")
                        .help("rename one of them, or move it to another package"),
                    );
                } else {
                    self.decls.insert(name, DeclRef { file, decl });
                }
            }
        }
    }

    /// Looks up a type name used in `from`. Reports `unknown-type` (with a hint where one helps)
    /// and `deprecated-use`; returns `None` when the name does not resolve.
    pub fn lookup(
        &mut self,
        from: FileId,
        path: &Spanned<String>,
        user_deprecated: bool,
    ) -> Option<QualifiedName> {
        let package = self
            .files
            .get(&from)
            .map(|f| f.package.value.clone())
            .unwrap_or_default();
        let (qualifier, name) = match path.value.rsplit_once('.') {
            Some((q, n)) => (Some(q.to_string()), n.to_string()),
            None => (None, path.value.clone()),
        };
        let wanted = QualifiedName::new(qualifier.clone().unwrap_or(package.clone()), name.clone());
        let visible = |this: &Self, file: FileId| {
            file == from
                || this
                    .imports
                    .get(&from)
                    .is_some_and(|i| i.iter().any(|(t, _)| *t == file))
        };
        if let Some(found) = self.decls.get(&wanted).copied() {
            if visible(self, found.file) {
                if found.file != from {
                    self.used_imports.insert((from, found.file));
                }
                self.check_deprecated_use(from, path.span, &wanted, user_deprecated);
                return Some(wanted);
            }
            let relative = relative_import(
                &self.sources.get(from).path,
                &self.sources.get(found.file).path,
            );
            self.unknown_type(
                from,
                path,
                format!(
                    "`{}` is declared in `{}`, which this file does not import",
                    path.value,
                    self.display_path(found.file)
                ),
                Some(format!("add `import \"{relative}\";`")),
            );
            return None;
        }
        let help = if qualifier.is_none() {
            // The same name in another package the file can see.
            let candidates: Vec<String> = self
                .decls
                .iter()
                .filter(|(q, d)| q.name == name && visible(self, d.file))
                .map(|(q, _)| format!("`{q}`"))
                .collect();
            (!candidates.is_empty()).then(|| {
                format!(
                    "types of other packages are written with their package: {}",
                    candidates.join(", ")
                )
            })
        } else {
            None
        };
        // A misspelling of a type the file can see, or of a built-in type written in another case.
        let help = help.or_else(|| {
            let visible_names: Vec<String> = self
                .decls
                .iter()
                .filter(|(q, d)| visible(self, d.file) && (q.package == wanted.package))
                .map(|(q, _)| if qualifier.is_some() { q.to_string() } else { q.name.clone() })
                .collect();
            if let Some(similar) = closest(&path.value, visible_names.iter().map(String::as_str)) {
                return Some(format!("did you mean `{similar}`?"));
            }
            if qualifier.is_none() {
                if let Some(builtin) = closest(&path.value, types::BUILTIN_TYPES.iter().copied()) {
                    return Some(format!("did you mean the built-in type `{builtin}`? (built-in types are lower-case)"));
                }
            }
            None
        });
        let message = match &qualifier {
            Some(q) if !self.decls.keys().any(|k| &k.package == q) => {
                format!(
                    "unknown type `{}`: no package `{q}` in the contract set",
                    path.value
                )
            }
            _ => format!("unknown type `{}`", path.value),
        };
        self.unknown_type(from, path, message, help);
        None
    }

    /// A type of the file's own package, declared in a file it can see, whose name matches a
    /// lower-case `name` but for case and underscores (`run_state` for `RunState`).
    pub fn declared_type_in_other_case(&self, from: FileId, name: &str) -> Option<String> {
        let package = &self.files.get(&from)?.package.value;
        let squash = |s: &str| s.replace('_', "").to_lowercase();
        let wanted = squash(name);
        self.decls
            .iter()
            .filter(|(q, d)| {
                &q.package == package
                    && (d.file == from
                        || self
                            .imports
                            .get(&from)
                            .is_some_and(|i| i.iter().any(|(t, _)| *t == d.file)))
            })
            .find(|(q, _)| squash(&q.name) == wanted)
            .map(|(q, _)| q.name.clone())
    }

    fn unknown_type(
        &mut self,
        from: FileId,
        path: &Spanned<String>,
        message: String,
        help: Option<String>,
    ) {
        // A broken import may well declare the name, and so may an import that names no file
        // (it may be the wrong path to the file that declares it): saying the name is unknown
        // would only be noise next to the error already reported.
        let imports_broken = self
            .imports
            .get(&from)
            .is_some_and(|i| i.iter().any(|(t, _)| self.broken.contains(t)));
        if imports_broken || self.missing_imports.contains(&from) {
            self.unresolved_in.insert(from);
            return;
        }
        self.unresolved_in.insert(from);
        let mut diagnostic =
            Diagnostic::new(Code::UnknownType, message, from, path.span).label("not found");
        if let Some(help) = help {
            diagnostic = diagnostic.help(help);
        }
        self.error(diagnostic);
    }

    fn check_deprecated_use(
        &mut self,
        from: FileId,
        span: Span,
        name: &QualifiedName,
        user_deprecated: bool,
    ) {
        if user_deprecated {
            return;
        }
        let Some(decl) = self.decls.get(name).copied() else {
            return;
        };
        let reason = decl
            .decl
            .attributes
            .iter()
            .find(|a| a.name.value == "deprecated")
            .map(|a| match a.args.as_deref() {
                Some(
                    [ast::Literal {
                        kind: ast::LiteralKind::Str { value, .. },
                        ..
                    }],
                ) => value.clone(),
                _ => String::new(),
            });
        if let Some(reason) = reason {
            let message = if reason.is_empty() {
                format!("`{name}` is deprecated")
            } else {
                format!("`{name}` is deprecated: {reason}")
            };
            self.error(
                Diagnostic::new(Code::DeprecatedUse, message, from, span)
                    .label("deprecated type used here")
                    .with_secondary(decl.file, decl.decl.name.span, "deprecated here"),
            );
        }
    }

    fn resolve_declarations(&mut self) {
        let decls: Vec<(QualifiedName, DeclRef<'a>)> =
            self.decls.iter().map(|(k, v)| (k.clone(), *v)).collect();
        for (name, decl) in decls {
            if let Some(def) = self.resolve_declaration(name.clone(), decl) {
                self.types.insert(name, def);
            }
        }
    }

    fn resolve_declaration(&mut self, name: QualifiedName, decl: DeclRef<'a>) -> Option<TypeDef> {
        let file = decl.file;
        let target = match decl.decl.body {
            DeclarationBody::Struct { .. } => Target::Struct,
            DeclarationBody::Enum { .. } => Target::Enum,
            DeclarationBody::Union { .. } => Target::Union,
            DeclarationBody::Alias { .. } => Target::Alias,
        };
        let mut found = Vec::new();
        let attrs = check_attributes(file, &decl.decl.attributes, target, &mut found);
        self.diagnostics.extend(found);
        let deprecated = attrs.string("deprecated").map(|(s, _)| s.to_string());
        let is_deprecated = attrs.has("deprecated");
        let kind = match &decl.decl.body {
            DeclarationBody::Struct { fields } => {
                TypeKind::Struct(self.resolve_struct(&name, file, &attrs, fields, is_deprecated))
            }
            DeclarationBody::Enum { repr, members } => {
                TypeKind::Enum(self.resolve_enum(file, &attrs, repr.as_ref(), members))
            }
            DeclarationBody::Union { members } => {
                TypeKind::Union(self.resolve_union(file, &attrs, members, is_deprecated))
            }
            DeclarationBody::Alias { target } => {
                let ty = types::resolve_type(self, file, target, is_deprecated)?;
                let ext = self.resolve_ext(file, &attrs, &ty);
                TypeKind::Alias(AliasDef { target: ty, ext })
            }
        };
        Some(TypeDef {
            name,
            doc: join_docs(&decl.decl.docs),
            deprecated,
            origin: self.origin(file, decl.decl.name.span),
            kind,
            renamed_from: attrs.renamed_from(),
            allow_breaking: attrs.allow_breaking(),
        })
    }

    fn resolve_struct(
        &mut self,
        name: &QualifiedName,
        file: FileId,
        attrs: &attributes::AttributeSet<'_>,
        fields: &'a [ast::Field],
        is_deprecated: bool,
    ) -> StructDef {
        if let (Some(strict), Some(compat)) = (attrs.first("strict"), attrs.first("compat")) {
            self.error(
                Diagnostic::new(
                    Code::InvalidAttributeArgument,
                    "`@strict` and `@compat` exclude each other",
                    file,
                    compat.span,
                )
                .label("`@compat` here")
                .with_secondary(file, strict.span, "`@strict` here")
                .help("keep `@strict` to reject unknown fields, or `@compat` to ignore them"),
            );
        }
        let mode = if attrs.has("compat") && !attrs.has("strict") {
            StructMode::Compat
        } else {
            StructMode::Strict
        };
        let rename = match attrs.string("rename") {
            Some((text, span)) => match RenameRule::parse(text) {
                Some(rule) => Some(rule),
                None => {
                    self.error(
                        Diagnostic::new(Code::InvalidAttributeArgument, format!("unknown rename rule \"{text}\""), file, span)
                            .label("not a rename rule")
                            .help("`@rename` takes \"camel\", \"pascal\", \"kebab\", \"upper\" or \"lower\""),
                    );
                    None
                }
            },
            None => None,
        };
        let array_like = attrs.has("array_like");
        let patch = attrs.has("patch");
        if let (true, Some(patch_attr)) = (array_like, attrs.first("patch")) {
            let array_span = attrs
                .first("array_like")
                .map(|a| a.span)
                .unwrap_or_default();
            self.error(
                Diagnostic::new(Code::PatchOnArrayLike, "`@patch` cannot be used on an `@array_like` struct", file, patch_attr.span)
                    .label("`@patch` here")
                    .with_secondary(file, array_span, "the struct is `@array_like`")
                    .help("a patch leaves fields absent, but an array-like struct is encoded by position, so an absent field cannot be expressed; drop one of the two attributes"),
            );
        }

        let mut resolved = Vec::new();
        let mut names: BTreeMap<&str, Span> = BTreeMap::new();
        // Wire name -> the first field with it, and where its wire name comes from.
        let mut wire_names: BTreeMap<String, (&str, Span, String)> = BTreeMap::new();
        let rename_text = attrs.string("rename").map(|(text, _)| text);
        for (index, field) in fields.iter().enumerate() {
            let mut found = Vec::new();
            let field_attrs = check_attributes(file, &field.attributes, Target::Field, &mut found);
            self.diagnostics.extend(found);
            if let Some(first) = names.get(field.name.value.as_str()) {
                self.error(
                    Diagnostic::new(
                        Code::DuplicateField,
                        format!("field `{}` is declared twice", field.name.value),
                        file,
                        field.name.span,
                    )
                    .label("declared again here")
                    .with_secondary(file, *first, "first declared here"),
                );
            } else {
                names.insert(&field.name.value, field.name.span);
            }
            let (wire_name, wire_source) = match (field_attrs.string("name"), rename, rename_text) {
                (Some((explicit, _)), _, _) => (explicit.to_string(), "by `@name`".to_string()),
                (None, Some(rule), Some(text)) => (
                    rule.apply(&field.name.value),
                    format!("by `@rename(\"{text}\")`"),
                ),
                _ => (field.name.value.clone(), "by its name".to_string()),
            };
            if let Some(name_attr) = field_attrs.string("name") {
                if name_attr.0.is_empty() {
                    self.error(
                        Diagnostic::new(
                            Code::InvalidAttributeArgument,
                            "a wire name cannot be empty",
                            file,
                            name_attr.1,
                        )
                        .label("empty name"),
                    );
                }
            }
            let field_is_first_with_name =
                names.get(field.name.value.as_str()) == Some(&field.name.span);
            if let Some((first_name, first_span, first_source)) = wire_names.get(&wire_name) {
                if field_is_first_with_name {
                    let help = if field_attrs.has("name") {
                        "choose another wire name in `@name(\"...\")`"
                    } else {
                        "give one of the fields another wire name with `@name(\"...\")`, or rename it"
                    };
                    self.error(
                        Diagnostic::new(
                            Code::WireNameCollision,
                            format!("fields `{first_name}` and `{}` have the same wire name \"{wire_name}\"", field.name.value),
                            file,
                            field.name.span,
                        )
                        .label(format!("encoded as \"{wire_name}\" {wire_source}"))
                        .with_secondary(file, *first_span, format!("encoded as \"{wire_name}\" {first_source}"))
                        .help(help),
                    );
                }
            } else {
                wire_names.insert(
                    wire_name.clone(),
                    (field.name.value.as_str(), field.name.span, wire_source),
                );
            }
            let field_deprecated = field_attrs.string("deprecated").map(|(s, _)| s.to_string());
            let ty = match types::resolve_type(
                self,
                file,
                &field.ty,
                is_deprecated || field_attrs.has("deprecated"),
            ) {
                Some(ty) => ty,
                None => {
                    self.poisoned_fields.insert((name.clone(), index));
                    Type::Primitive {
                        primitive: Primitive::Any,
                        constraints: Constraints::default(),
                    }
                }
            };
            resolved.push(FieldDef {
                name: field.name.value.clone(),
                wire_name,
                ty,
                // A placeholder until the set checks, which know every type a default may name,
                // fill in the value: whether a field is required must be known before then, to
                // check struct literals that leave it out.
                default: field.default.as_ref().map(|_| Value::Null),
                doc: join_docs(&field.docs),
                deprecated: field_deprecated,
                examples: Vec::new(),
                origin: self.origin(file, field.name.span),
                renamed_from: field_attrs.renamed_from(),
                allow_breaking: field_attrs.allow_breaking(),
            });
        }

        if array_like {
            let mut first_default: Option<&ast::Field> = None;
            for field in fields {
                match (&field.default, first_default) {
                    (Some(_), None) => first_default = Some(field),
                    (None, Some(defaulted)) => {
                        self.error(
                            Diagnostic::new(
                                Code::RequiredAfterDefault,
                                format!("required field `{}` follows a field with a default", field.name.value),
                                file,
                                field.name.span,
                            )
                            .label("required, but not first")
                            .with_secondary(file, defaulted.name.span, "this field has a default")
                            .help("in an `@array_like` struct, only trailing fields may have defaults (a decoder fills in missing trailing items); move required fields first"),
                        );
                    }
                    _ => {}
                }
            }
        }

        let tag = attrs
            .first("tag")
            .and_then(|t| t.arg)
            .and_then(|arg| match &arg.kind {
                ast::LiteralKind::Str { value, .. } => Some(TagValue::Str(value.clone())),
                ast::LiteralKind::Number(raw) => match raw.parse::<i64>() {
                    Ok(i) => Some(TagValue::Int(i)),
                    Err(_) => {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::InvalidAttributeArgument,
                                "the tag is outside the range of a 64-bit integer",
                                file,
                                arg.span,
                            )
                            .label("too large"),
                        );
                        None
                    }
                },
                _ => None,
            });
        StructDef {
            mode,
            array_like,
            keep_defaults: attrs.has("keep_defaults"),
            patch: patch && !array_like,
            rename,
            tagging: tag.map(|value| Tagging {
                field: String::new(),
                value,
                unions: Vec::new(),
            }),
            fields: resolved,
        }
    }

    fn resolve_enum(
        &mut self,
        file: FileId,
        attrs: &attributes::AttributeSet<'_>,
        repr: Option<&Spanned<String>>,
        members: &'a [ast::EnumMember],
    ) -> EnumDef {
        let repr = match repr.map(|r| r.value.as_str()) {
            Some("int") => EnumRepr::Int,
            _ => EnumRepr::Str,
        };
        let mut resolved = Vec::new();
        let mut names: BTreeMap<&str, Span> = BTreeMap::new();
        let mut values: BTreeMap<TagValue, Span> = BTreeMap::new();
        for member in members {
            let mut found = Vec::new();
            let member_attrs =
                check_attributes(file, &member.attributes, Target::EnumMember, &mut found);
            self.diagnostics.extend(found);
            if let Some(first) = names.get(member.name.value.as_str()) {
                self.error(
                    Diagnostic::new(
                        Code::DuplicateField,
                        format!("enum member `{}` is declared twice", member.name.value),
                        file,
                        member.name.span,
                    )
                    .label("declared again here")
                    .with_secondary(file, *first, "first declared here"),
                );
                continue;
            }
            names.insert(&member.name.value, member.name.span);
            let value = match (&member.value, repr) {
                (None, EnumRepr::Str) => Some(TagValue::Str(member.name.value.clone())),
                (None, EnumRepr::Int) => {
                    self.error(
                        Diagnostic::new(
                            Code::InvalidDefault,
                            format!(
                                "member `{}` of an integer enum needs a value",
                                member.name.value
                            ),
                            file,
                            member.name.span,
                        )
                        .label("no value")
                        .help(format!("write `{} = <integer>`", member.name.value)),
                    );
                    None
                }
                (Some(literal), repr) => {
                    match (&literal.kind, repr) {
                        (ast::LiteralKind::Str { value, .. }, EnumRepr::Str) => {
                            Some(TagValue::Str(value.clone()))
                        }
                        (ast::LiteralKind::Number(raw), EnumRepr::Int)
                            if attributes::is_integer(raw) =>
                        {
                            match raw.parse::<i64>() {
                                Ok(i) => Some(TagValue::Int(i)),
                                Err(_) => {
                                    self.error(
                                Diagnostic::new(Code::InvalidDefault, format!("enum value {raw} is outside the range of a 64-bit integer"), file, literal.span)
                                    .label("too large"),
                            );
                                    None
                                }
                            }
                        }
                        (_, EnumRepr::Str) => {
                            self.error(
                            Diagnostic::new(Code::InvalidDefault, "members of a string enum have string values", file, literal.span)
                                .label("not a string")
                                .help("declare the enum as `enum Name: int { ... }` for integer values"),
                        );
                            None
                        }
                        (kind, EnumRepr::Int) => {
                            let mut d = Diagnostic::new(
                                Code::InvalidDefault,
                                "members of an integer enum have integer values",
                                file,
                                literal.span,
                            )
                            .label("not an integer");
                            if let ast::LiteralKind::Str { value, .. } = kind {
                                if value.parse::<i64>().is_ok() {
                                    d = d.help(format!(
                                        "write the value without quotes: `{} = {value}`",
                                        member.name.value
                                    ));
                                }
                            }
                            self.error(d);
                            None
                        }
                    }
                }
            };
            let Some(value) = value else { continue };
            let value_span = member
                .value
                .as_ref()
                .map(|v| v.span)
                .unwrap_or(member.name.span);
            if let Some(first) = values.get(&value) {
                self.error(
                    Diagnostic::new(
                        Code::DuplicateEnumValue,
                        format!("enum value {value} is used by two members"),
                        file,
                        value_span,
                    )
                    .label("used again here")
                    .with_secondary(file, *first, "first used here")
                    .help("each member needs its own wire value"),
                );
            } else {
                values.insert(value.clone(), value_span);
            }
            resolved.push(EnumMemberDef {
                name: member.name.value.clone(),
                value,
                doc: join_docs(&member.docs),
                deprecated: member_attrs
                    .string("deprecated")
                    .map(|(s, _)| s.to_string()),
                allow_breaking: member_attrs.allow_breaking(),
            });
        }
        EnumDef {
            repr,
            open: attrs.has("open"),
            members: resolved,
        }
    }

    fn resolve_union(
        &mut self,
        file: FileId,
        attrs: &attributes::AttributeSet<'_>,
        members: &'a [Spanned<String>],
        is_deprecated: bool,
    ) -> UnionDef {
        let tag_field = attrs
            .string("tag_field")
            .map(|(s, _)| s.to_string())
            .unwrap_or_else(|| "type".to_string());
        if let Some((text, span)) = attrs.string("tag_field") {
            if text.is_empty() {
                self.error(
                    Diagnostic::new(
                        Code::InvalidAttributeArgument,
                        "the tag field cannot be empty",
                        file,
                        span,
                    )
                    .label("empty"),
                );
            }
        }
        let mut resolved = Vec::new();
        for member in members {
            if let Some(name) = self.lookup(file, member, is_deprecated) {
                // Tags are filled in by the set checks, once every struct is resolved.
                resolved.push(UnionMember {
                    name,
                    tag: TagValue::Str(String::new()),
                });
            }
        }
        UnionDef {
            tag_field,
            members: resolved,
            array_like: false,
        }
    }

    fn resolve_ext(
        &mut self,
        file: FileId,
        attrs: &attributes::AttributeSet<'_>,
        ty: &Type,
    ) -> Option<i8> {
        let checked = attrs.first("ext")?;
        let arg = checked.arg?;
        let ast::LiteralKind::Number(raw) = &arg.kind else {
            return None;
        };
        let code = raw.parse::<i128>().unwrap_or(i128::MAX);
        if !(0..=127).contains(&code) {
            self.error(
                Diagnostic::new(
                    Code::ExtCodeOutOfRange,
                    format!("extension type code {raw} is out of range"),
                    file,
                    arg.span,
                )
                .label("not in 0..=127")
                .help(
                    "MessagePack reserves negative codes; application extension types use 0 to 127",
                ),
            );
            return None;
        }
        let is_bytes = matches!(
            ty,
            Type::Primitive {
                primitive: Primitive::Bytes,
                ..
            }
        );
        if !is_bytes {
            self.error(
                Diagnostic::new(
                    Code::InvalidAttributeArgument,
                    "`@ext` applies only to an alias of `bytes`",
                    file,
                    checked.span,
                )
                .label("the alias is not `bytes`")
                .help("an extension type carries raw bytes: write `@ext(N) type Name = bytes;`"),
            );
            return None;
        }
        Some(code as i8)
    }

    fn report_unused_imports(&mut self) {
        let mut unused = Vec::new();
        for (file, imports) in &self.imports {
            if self.broken.contains(file) || self.unresolved_in.contains(file) {
                continue;
            }
            for (target, span) in imports {
                if !self.broken.contains(target) && !self.used_imports.contains(&(*file, *target)) {
                    unused.push((*file, *target, *span));
                }
            }
        }
        for (file, target, span) in unused {
            self.error(
                Diagnostic::new(
                    Code::UnusedImport,
                    format!("nothing from `{}` is used", self.display_path(target)),
                    file,
                    span,
                )
                .label("unused import")
                .help("remove the import"),
            );
        }
    }

    fn build_model(&mut self) -> ContractSet {
        let mut packages: BTreeMap<String, Package> = BTreeMap::new();
        let mut files: Vec<(FileId, &'a ast::File)> =
            self.files.iter().map(|(k, v)| (*k, *v)).collect();
        files.sort_by_key(|(f, _)| self.sources.get(*f).path.clone());
        for (file, ast) in files {
            let package = packages
                .entry(ast.package.value.clone())
                .or_insert_with(|| Package {
                    name: ast.package.value.clone(),
                    doc: None,
                    files: Vec::new(),
                    types: Vec::new(),
                });
            package.files.push(self.display_path(file));
            if let Some(doc) = join_docs(&ast.docs) {
                package.doc = Some(match package.doc.take() {
                    Some(existing) => format!("{existing}\n\n{doc}"),
                    None => doc,
                });
            }
        }
        for name in self.types.keys() {
            if let Some(package) = packages.get_mut(&name.package) {
                package.types.push(name.clone());
            }
        }
        ContractSet {
            packages,
            types: std::mem::take(&mut self.types),
        }
    }
}

/// Joins `///` lines into one documentation string: the common leading space is removed.
fn join_docs(docs: &[ast::Doc]) -> Option<String> {
    if docs.is_empty() {
        return None;
    }
    let indent = docs
        .iter()
        .filter(|d| !d.text.trim().is_empty())
        .map(|d| d.text.len() - d.text.trim_start().len())
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = docs
        .iter()
        .map(|d| d.text.get(indent..).unwrap_or("").trim_end())
        .collect();
    let text = lines.join("\n").trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// The path to write in `import "..."` in `from` to reach `to`.
fn relative_import(from: &std::path::Path, to: &std::path::Path) -> String {
    let from_dir: Vec<_> = from
        .parent()
        .map(|p| p.components().collect())
        .unwrap_or_default();
    let to_parts: Vec<_> = to.components().collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..from_dir.len() {
        parts.push("..".into());
    }
    for part in &to_parts[common..] {
        parts.push(part.as_os_str().to_string_lossy().into_owned());
    }
    parts.join("/")
}

/// The candidate closest to a misspelled `name`, if one is close enough to be a likely typo: the
/// same name in another case, or one within a small edit distance.
pub(crate) fn closest<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'c str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let distance = if candidate.to_lowercase() == lower {
            0
        } else {
            edit_distance(&lower, &candidate.to_lowercase())
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_and_case_mistakes() {
        assert_eq!(
            closest("durration", ["duration", "datetime"]),
            Some("duration")
        );
        assert_eq!(closest("strcit", ["strict", "compat"]), Some("strict"));
        assert_eq!(closest("Int", ["int", "uint"]), Some("int"));
        assert_eq!(closest("Customr", ["Customer", "Order"]), Some("Customer"));
        assert_eq!(closest("zzz", ["int", "str"]), None);
    }
}
