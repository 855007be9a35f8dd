using System;
using KlingO1.Internal;
using KlingO1.Media;

namespace KlingO1
{
    /// <summary>
    /// A subject (a character, an animal, a prop) the clip must keep consistent, given by an image or a video of it (sent
    /// in <c>metadata.element_list</c>, named in the prompt as <c>&lt;&lt;&lt;element_N&gt;&gt;&gt;</c>). Travels in the
    /// Omni request shape.
    /// </summary>
    public sealed class SubjectElement
    {
        /// <summary>Creates a subject element shown by an image.</summary>
        /// <param name="image">An image of the subject: a public URL, or a local file or stream uploaded at submit.</param>
        /// <param name="type">The element's <c>type</c> as the service names it, or <see langword="null"/> to leave it out.</param>
        /// <param name="role">The element's <c>role</c> as the service names it, or <see langword="null"/> to leave it out.</param>
        /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="type"/> or <paramref name="role"/> is empty or white space, or the image is a frame.</exception>
        public SubjectElement(KlingImageSource image, string? type = null, string? role = null)
        {
            Image = Guard.NotNull(image);
            if (image.Role != ImageRole.Reference)
            {
                throw new ArgumentException("A subject element is shown by a plain image, not a first or end frame.", nameof(image));
            }

            Type = CheckOptional(type, nameof(type));
            Role = CheckOptional(role, nameof(role));
        }

        /// <summary>Creates a subject element shown by a video (sent with <c>type: video</c>).</summary>
        /// <param name="video">A video of the subject: a public URL, or a local file or stream uploaded at submit.</param>
        /// <param name="role">The element's <c>role</c> as the service names it, or <see langword="null"/> to leave it out.</param>
        /// <exception cref="ArgumentNullException"><paramref name="video"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="role"/> is empty or white space.</exception>
        public SubjectElement(KlingVideoSource video, string? role = null)
        {
            Video = Guard.NotNull(video);
            Type = "video";
            Role = CheckOptional(role, nameof(role));
        }

        /// <summary>Gets the image of the subject, or <see langword="null"/> for one shown by a video.</summary>
        public KlingImageSource? Image { get; }

        /// <summary>Gets the video of the subject, or <see langword="null"/> for one shown by an image.</summary>
        public KlingVideoSource? Video { get; }

        /// <summary>Gets the element's type, or <see langword="null"/> when not sent.</summary>
        public string? Type { get; }

        /// <summary>Gets the element's role, or <see langword="null"/> when not sent.</summary>
        public string? Role { get; }

        /// <summary>Where the element's media come from.</summary>
        internal MediaOrigin Origin => Image?.Origin ?? Video!.Origin;

        /// <summary>Whether a local element is uploaded as a video (and checked as one).</summary>
        internal bool IsVideo => Video is not null;

        /// <inheritdoc />
        public override string ToString() => Image?.ToString() ?? Video!.ToString();

        /// <summary>Whether two elements show the same subject the same way.</summary>
        internal bool SameAs(SubjectElement other)
            => IsVideo == other.IsVideo && Origin.SameAs(other.Origin) && Type == other.Type && Role == other.Role;

        private static string? CheckOptional(string? value, string paramName)
            => value is null || !string.IsNullOrWhiteSpace(value)
                ? value
                : throw new ArgumentException($"The element's {paramName} is empty: pass a value or null to leave it out.", paramName);
    }
}
