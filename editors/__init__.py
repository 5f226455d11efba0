"""Who may record and change the register: an Entra ID security group, read through Microsoft Graph."""
