//! Who may do what in the newsroom: one table, checked on every admin route.

use serde::{Deserialize, Serialize};

/// Newsroom roles, from least to most trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Writes drafts; cannot publish.
    Contributor,
    /// Publishes their own articles.
    Author,
    /// All articles, sections, tags, comment moderation.
    Editor,
    /// Everything, users and site settings included.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Contributor, Role::Author, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Contributor => "contributor",
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Everything the newsroom lets someone do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// See the newsroom at all.
    EnterNewsroom,
    /// Write and save own drafts.
    WriteOwnDrafts,
    /// Publish, schedule, update or unpublish own articles.
    PublishOwn,
    /// Edit anyone's article.
    EditAny,
    /// Publish, schedule, update or unpublish anyone's article.
    PublishAny,
    /// Delete articles to the trash and restore them.
    DeleteArticles,
    ManageSections,
    ManageTags,
    ManageAuthors,
    ModerateComments,
    /// Place stories on the fronts and run the urgent strip.
    CurateFronts,
    UploadMedia,
    ManageUsers,
    ManageSettings,
    ViewAuditLog,
}

impl Action {
    pub const ALL: [Action; 15] = [
        Action::EnterNewsroom,
        Action::WriteOwnDrafts,
        Action::PublishOwn,
        Action::EditAny,
        Action::PublishAny,
        Action::DeleteArticles,
        Action::ManageSections,
        Action::ManageTags,
        Action::ManageAuthors,
        Action::ModerateComments,
        Action::CurateFronts,
        Action::UploadMedia,
        Action::ManageUsers,
        Action::ManageSettings,
        Action::ViewAuditLog,
    ];
}

/// The permission table. Each role's row is spelled out rather than derived from
/// the one below it, so reading it answers "may an X do Y?" without arithmetic.
pub fn allowed(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::Contributor => matches!(action, EnterNewsroom | WriteOwnDrafts | UploadMedia),
        Role::Author => matches!(
            action,
            EnterNewsroom | WriteOwnDrafts | UploadMedia | PublishOwn
        ),
        Role::Editor => !matches!(action, ManageUsers | ManageSettings),
        Role::Admin => true,
    }
}

/// Who may change an article's text: anyone whose role edits any article, and
/// its creator (`own`) if their role writes drafts.
pub fn may_edit(role: Role, own: bool) -> bool {
    allowed(role, Action::EditAny) || (own && allowed(role, Action::WriteOwnDrafts))
}

/// Who may publish, schedule, update, correct or unpublish an article (or change
/// one that is not a draft).
pub fn may_publish(role: Role, own: bool) -> bool {
    allowed(role, Action::PublishAny) || (own && allowed(role, Action::PublishOwn))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_and_publishing_depend_on_the_role_and_whose_article_it_is() {
        let rows = [
            // role, may edit own, others', may publish own, others'
            (Role::Contributor, true, false, false, false),
            (Role::Author, true, false, true, false),
            (Role::Editor, true, true, true, true),
            (Role::Admin, true, true, true, true),
        ];
        for (role, edit_own, edit_other, publish_own, publish_other) in rows {
            assert_eq!(may_edit(role, true), edit_own, "{role:?}");
            assert_eq!(may_edit(role, false), edit_other, "{role:?}");
            assert_eq!(may_publish(role, true), publish_own, "{role:?}");
            assert_eq!(may_publish(role, false), publish_other, "{role:?}");
        }
    }

    #[test]
    fn the_table() {
        use Action::*;
        let expect = |role, yes: &[Action]| {
            for action in Action::ALL {
                assert_eq!(
                    allowed(role, action),
                    yes.contains(&action),
                    "{role:?} {action:?}"
                );
            }
        };
        expect(
            Role::Contributor,
            &[EnterNewsroom, WriteOwnDrafts, UploadMedia],
        );
        expect(
            Role::Author,
            &[EnterNewsroom, WriteOwnDrafts, UploadMedia, PublishOwn],
        );
        expect(
            Role::Editor,
            &[
                EnterNewsroom,
                WriteOwnDrafts,
                PublishOwn,
                EditAny,
                PublishAny,
                DeleteArticles,
                ManageSections,
                ManageTags,
                ManageAuthors,
                ModerateComments,
                CurateFronts,
                UploadMedia,
                ViewAuditLog,
            ],
        );
        expect(Role::Admin, &Action::ALL);
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
