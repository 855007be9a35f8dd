namespace KlingO1
{
    /// <summary>What a reference image is for. Frames need the Omni request shape (<see cref="RequestShape.Omni"/>).</summary>
    public enum ImageRole
    {
        /// <summary>A reference for subject, scene or style (the default); named in the prompt as <c>&lt;&lt;&lt;image_N&gt;&gt;&gt;</c>.</summary>
        Reference = 0,

        /// <summary>The clip's first frame (sent as <c>type: first_frame</c>).</summary>
        FirstFrame = 1,

        /// <summary>The clip's last frame (sent as <c>type: end_frame</c>); needs a first frame too.</summary>
        EndFrame = 2,
    }
}
